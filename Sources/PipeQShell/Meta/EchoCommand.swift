import PipeQCore

extension MetaCommand {
    /// `.echo on|off`: print each statement before its result (as `--echo` does).
    static let echo = MetaCommand(
        name: ".echo", usage: ".echo on|off", summary: "print each query and meta-command before its result",
        argument: .choices(["on", "off"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard call.arguments.count == 1 else { throw call.usageError() }
        switch call.arguments[0].lowercased() {
        case "on": call.session.echo = true
        case "off": call.session.echo = false
        default: throw call.usageError("expected on or off, got \"\(call.arguments[0])\"")
        }
    }
}

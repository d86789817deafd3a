import PipeQCore

extension MetaCommand {
    /// `.timer on|off`: print each query's elapsed time.
    static let timer = MetaCommand(
        name: ".timer", usage: ".timer on|off", summary: "print how long each query takes",
        argument: .choices(["on", "off"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard call.arguments.count == 1 else { throw call.usageError() }
        switch call.arguments[0].lowercased() {
        case "on": call.session.timer = true
        case "off": call.session.timer = false
        default: throw call.usageError("expected on or off, got \"\(call.arguments[0])\"")
        }
    }
}

import PipeQCore

extension MetaCommand {
    /// `.echo on|off`: print each statement before its result (as `--echo` does).
    static let echo = MetaCommand(
        name: ".echo", usage: ".echo on|off", summary: "print each query and meta-command before its result",
        argument: .choices(["on", "off"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        call.session.echo = try call.onOff()
    }
}

import PipeQCore

extension MetaCommand {
    /// `.timer on|off`: print each query's elapsed time.
    static let timer = MetaCommand(
        name: ".timer", usage: ".timer on|off", summary: "print how long each query takes",
        argument: .choices(["on", "off"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        call.session.timer = try call.onOff()
    }
}

import PipeQCore

extension MetaCommand {
    /// `.highlight on|off`: colour the line being typed (on a colour terminal with NO_COLOR unset).
    static let highlight = MetaCommand(
        name: ".highlight", usage: ".highlight on|off",
        summary: "colour the line as it is typed (on a colour terminal; NO_COLOR turns all colour off)",
        argument: .choices(["on", "off"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        call.session.highlightInput = try call.onOff()
    }
}

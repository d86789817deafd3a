import PipeQCore

extension MetaCommand {
    /// `.pager on|off|auto`: results taller than the screen (auto, the default), every result (on) or none (off)
    /// go through `$PAGER` (default `less -SRFX`), when standard output is a terminal.
    static let pager = MetaCommand(
        name: ".pager", usage: ".pager [on|off|auto]",
        summary: "show results through $PAGER (default less -SRFX): auto when taller than the screen, on, off",
        argument: .choices(PagerMode.allCases.map(\.rawValue))
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard let mode = try call.mode(PagerMode.self) else {
            call.write("pager: \(call.session.pager.rawValue) (\(Pager.command))\n")
            return
        }
        call.session.pager = mode
    }
}

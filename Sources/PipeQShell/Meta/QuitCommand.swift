import PipeQCore

extension MetaCommand {
    /// `.quit` / `.exit`: leaves the shell; in a script, ends the script. At the prompt, `exit`, `quit` and `\q`
    /// alone leave too (`ExitWords`).
    static let quit = MetaCommand(
        name: ".quit", aliases: [".exit"], usage: ".quit",
        summary: "leave the shell (or type exit, quit or \\q); in a script: stop the script"
    ) { (call: MetaInvocation) throws(Diagnostic) in
        call.session.endRequested = true
    }
}

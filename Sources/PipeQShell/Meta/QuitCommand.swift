import PipeQCore

extension MetaCommand {
    /// `.quit` / `.exit`: leaves the shell; in a script, ends the script.
    static let quit = MetaCommand(name: ".quit", aliases: [".exit"], usage: ".quit", summary: "leave the shell (in a script: stop the script)") { (call: MetaInvocation) throws(Diagnostic) in
        call.session.endRequested = true
    }
}

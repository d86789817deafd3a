import PipeQCore

extension MetaCommand {
    /// `.help [cmd]`: every command's usage, or one command's.
    static let help = MetaCommand(name: ".help", usage: ".help [COMMAND]", summary: "show meta-commands, or one command's usage",
                                  argument: .command) { (call: MetaInvocation) throws(Diagnostic) in
        if let name = call.arguments.first {
            guard let command = MetaCommands.command(named: name) else {
                let dotted = name.hasPrefix(".") ? name : "." + name
                throw Diagnostic(.usage, "no meta-command \"\(dotted)\"", hint: Suggestions.hint(for: dotted, in: MetaCommands.names))
            }
            call.write("\(command.usage)    \(command.summary)\n")
            return
        }
        var rows = MetaCommands.all.map { [$0.usage, $0.summary] }
        rows.append(["QUERY", "e.g. deals where status = \"open\" | sum value by stage"])
        call.write("meta-commands:\n" + TextGrid.render(rows)
                   + "Tab completes names and values; a line ending in | or \\ (or an open bracket or quote) continues.\n")
    }
}

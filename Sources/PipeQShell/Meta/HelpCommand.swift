import PipeQCore
import PipeQEngine

extension MetaCommand {
    /// `.help [cmd]`: every command's usage, or one command's.
    static let help = MetaCommand(name: ".help", usage: ".help [COMMAND | VERB]", summary: "show meta-commands and verbs, or one's usage and definition",
                                  argument: .command) { (call: MetaInvocation) throws(Diagnostic) in
        if let name = call.arguments.first {
            if let verb = VerbRegistry.help(name) {
                call.write(verb + "\n")
                return
            }
            guard let command = MetaCommands.command(named: name) else {
                let dotted = name.hasPrefix(".") ? name : "." + name
                let hint = Suggestions.hint(for: name, in: VerbRegistry.all.keys.sorted())
                    ?? Suggestions.hint(for: dotted, in: MetaCommands.names)
                throw Diagnostic(.usage, "no meta-command or verb \"\(name)\"", hint: hint)
            }
            call.write("\(command.usage)    \(command.summary)\n")
            return
        }
        var rows = MetaCommands.all.map { [$0.usage, $0.summary] }
        rows.append(["QUERY", "e.g. deals where status = \"open\" | sum value by stage"])
        let verbs = VerbRegistry.usages.map { [$0, ""] } + [["| bar [COLUMN], | chart [COLUMN], | spark [COLUMN]", ""]]
        call.write("meta-commands:\n" + TextGrid.render(rows) + "pipeline verbs (.help VERB for the definition):\n" + TextGrid.render(verbs)
                   + "Tab completes names and values; a line ending in | or \\ (or an open bracket or quote) continues.\n")
    }
}

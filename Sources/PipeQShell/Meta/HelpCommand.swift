import PipeQCore
import PipeQLanguage

extension MetaCommand {
    /// `.help [cmd]`: every meta-command and stage, or one's usage (and a stage's definition), from `MetaCommands`
    /// and `StageTable`.
    static let help = MetaCommand(name: ".help", usage: ".help [COMMAND | STAGE]", summary: "show meta-commands and stages, or one's usage and definition",
                                  argument: .command) { (call: MetaInvocation) throws(Diagnostic) in
        if let name = call.arguments.first {
            if !name.hasPrefix("."), let text = StageTable.entry(for: name)?.helpText ?? ClauseHelp.text(for: name)
                ?? WindowFunction.named(name)?.helpText {
                // `limit` and `asof` are meta-commands too.
                let also = MetaCommands.command(named: name).map { "\nsee also \($0.usage)    \($0.summary)\n" } ?? ""
                call.write(text + "\n" + also)
                return
            }
            guard let command = MetaCommands.command(named: name) else {
                let dotted = name.hasPrefix(".") ? name : "." + name
                let hint = name.hasPrefix(".") ? OtherToolCommands.hint(for: dotted)
                    : Suggestions.hint(for: name, in: StageTable.stageWords + ClauseHelp.words + WindowFunction.names)
                        ?? OtherToolCommands.hint(for: dotted)
                throw Diagnostic(.usage, "no meta-command or stage \"\(name)\"", hint: hint)
            }
            call.write("\(command.usage)    \(command.summary)\n")
            return
        }
        var rows = MetaCommands.all.map { [([$0.usage] + $0.aliases).joined(separator: ", "), $0.summary] }
        rows.append(["QUERY", "e.g. deals where status = \"open\" | sum value by stage"])
        var text = "meta-commands:\n" + TextGrid.render(rows)
        let headings: [(StageKind, String)] = [
            (.core, "stages"), (.aggregate, "aggregates, in a list (count, avg value by stage)"), (.verb, "pipeline verbs"),
            (.presentation, "drawing, as the last stage"),
        ]
        for (kind, heading) in headings {
            let usages = StageTable.all.filter { $0.kind == kind }.map { [$0.usage] }
            text += heading + (kind == .core ? " (.help STAGE for the definition):\n" : ":\n") + TextGrid.render(usages)
        }
        call.write(text + "the shell:\n" + TextGrid.render(ShellGuide.topics.map { [$0.topic, $0.text] }))
    }
}

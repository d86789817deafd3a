import PipeQCore
import PipeQEngine
import PipeQLanguage

extension MetaCommand {
    /// `.help [cmd]`: every meta-command and stage, or one's usage (and a stage's definition), from `MetaCommands`
    /// and `StageTable`.
    static let help = MetaCommand(
        name: ".help", usage: ".help [COMMAND | STAGE | FUNCTION]",
        summary: "show meta-commands, stages and functions, or one's usage and definition",
        argument: .command
    ) { (call: MetaInvocation) throws(Diagnostic) in
        if let name = call.arguments.first {
            if !name.hasPrefix("."),
                let text = StageTable.entry(for: name)?.helpText ?? ClauseHelp.text(for: name)
                    ?? WindowFunction.named(name)?.helpText
            {
                // `limit` and `asof` are meta-commands too.
                let also = MetaCommands.command(named: name).map { "\nsee also \($0.usage)    \($0.summary)\n" } ?? ""
                call.write(text + "\n" + also)
                return
            }
            if !name.hasPrefix("."),
                let function = ScalarFunction.named(name.hasSuffix("()") ? String(name.dropLast(2)) : name)
            {
                call.write("usage: \(function.usage)\n")
                return
            }
            guard let command = MetaCommands.command(named: name) else {
                let dotted = name.hasPrefix(".") ? name : "." + name
                let hint =
                    name.hasPrefix(".")
                    ? OtherToolCommands.hint(for: dotted)
                    : Suggestions.hint(
                        for: name,
                        in: StageTable.stageWords + ClauseHelp.words + WindowFunction.names + ScalarFunction.names)
                        ?? OtherToolCommands.hint(for: dotted)
                throw Diagnostic(.usage, "no meta-command, stage or function \"\(name)\"", hint: hint)
            }
            call.write("\(command.usage)    \(command.summary)\n")
            return
        }
        var rows = MetaCommands.all.map { [([$0.usage] + $0.aliases).joined(separator: ", "), $0.summary] }
        rows.append(["QUERY", "e.g. deals where status = \"open\" | sum value by stage"])
        var text = "meta-commands:\n" + TextGrid.render(rows)
        let headings: [(StageKind, String)] = [
            (.core, "stages"), (.aggregate, "aggregates, in a list (count, avg value by stage)"),
            (.verb, "pipeline verbs"),
            (.presentation, "drawing, as the last stage"),
        ]
        for (kind, heading) in headings {
            let usages = StageTable.all.filter { $0.kind == kind }.map { [$0.usage] }
            text += heading + (kind == .core ? " (.help STAGE for the definition):\n" : ":\n") + TextGrid.render(usages)
        }
        text += "functions (.help FUNCTION for its usage):\n  " + ScalarFunction.names.joined(separator: ", ") + "\n"
        text +=
            "in conditions: = != < <= > >= ~=, in (…), between … and …, is [not] null, [not] contains / icontains / starts with / "
            + "ends with / like / ilike / matches \"…\", and, or, not; case when … then … else … end\n"
        text +=
            "window functions (in extend, optionally per KEY, …): " + WindowFunction.names.joined(separator: ", ")
            + "\n"
        call.write(text + "the shell:\n" + TextGrid.render(ShellGuide.topics.map { [$0.topic, $0.text] }))
    }
}

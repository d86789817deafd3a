import ArgumentParser
import PipeQEngine
import PipeQLanguage
import PipeQShell

/// `man pipeq`, as roff, built from what the binary itself knows so it never drifts from it: the options from
/// the argument parser's description (the text of `--help`), the meta-commands from `MetaCommands` and the
/// stages, aggregates, verbs and drawing stages from `StageTable` (the text of `.help`), the functions from
/// `ScalarFunction`, the shell from `ShellGuide`. `make install` writes it with `pipeq --generate-manpage`.
enum ManPage {
    static func render() -> String {
        var page = ".TH PIPEQ 1 \"\" \"pipeq \(PipeQVersion.number)\" \"User Commands\"\n"
        page += Roff.section("name") + "pipeq \\- ask questions of sales-pipeline CSV exports\n"
        page += synopsis() + description() + options() + commands() + shell() + metaCommands() + language()
        page += ManPage.files + ManPage.environment + ManPage.exitStatus
        return page
    }

    static func synopsis() -> String {
        Roff.section("synopsis")
            + ".B pipeq\n[\\fIDATA\\fR ...] [\\fB\\-c\\fR \\fIQUERY\\fR | \\fB\\-f\\fR \\fISCRIPT\\fR] [\\fIoptions\\fR]\n.br\n"
            + ".B pipeq generate\n[\\fIoptions\\fR] \\fIDIR\\fR\n.br\n"
            + ".B pipeq report\n\\fISCRIPT\\fR \\fB\\-o\\fR \\fIFILE\\fR [\\fIDATA\\fR ...] [\\fIoptions\\fR]\n"
    }

    static func description() -> String {
        let run = CommandHelp.of(RunCommand.self)
        return Roff.section("description") + Roff.paragraph(run?.discussion ?? "")
            + Roff.paragraph(
                "Each CSV or Excel file becomes a table named after its file, also reachable by the role it plays "
                    + "(deals, history, reps). Queries read a table and pass its rows through stages separated by |; "
                    + "see THE LANGUAGE below, or .help in the shell.")
    }

    static func options() -> String {
        var text = Roff.section("options")
        for argument in CommandHelp.of(RunOptions.self)?.shownArguments ?? [] {
            text += Roff.tagged(argument.roffTag, argument.text)
        }
        text += Roff.tagged(Roff.bold("--version"), "Print the version and the commit the binary was built from.")
        text += Roff.tagged(Roff.bold("-h") + ", " + Roff.bold("--help"), "Print the options.")
        return text
    }

    static func commands() -> String {
        var text = Roff.section("commands")
        for type in [GenerateCommand.self, ReportCommand.self] as [any ParsableCommand.Type] {
            guard let help = CommandHelp.of(type) else { continue }
            text += Roff.subsection("pipeq " + help.commandName) + Roff.paragraph(help.abstract ?? "")
            for argument in help.shownArguments { text += Roff.tagged(argument.roffTag, argument.text) }
        }
        return text
    }

    static func shell() -> String {
        var text = Roff.section("the shell")
        text += Roff.paragraph(
            "With no -c or -f and a terminal on standard input, pipeq opens an interactive shell with GNU readline "
                + "(Emacs keys, history, your ~/.inputrc; $if pipeq blocks are for pipeq only).")
        for (topic, line) in ShellGuide.topics { text += Roff.tagged(Roff.bold(topic), line) }
        return text
    }

    static func metaCommands() -> String {
        var text =
            Roff.section("meta-commands") + Roff.paragraph("Lines starting with \".\", in the shell and in scripts.")
        for command in MetaCommands.all {
            let tag = ([command.usage] + command.aliases).map(Roff.bold).joined(separator: ", ")
            text += Roff.tagged(tag, command.summary + (command.interactiveOnly ? " (at the prompt only)" : ""))
        }
        return text
    }

    static func language() -> String {
        var text = Roff.section("the language")
        text += Roff.literal(
            """
            statement := 'let' NAME '=' query | query
            query     := SOURCE ['asof' DATE] ['where' CONDITION] ('|' stage)*
            """)
        text += Roff.paragraph(
            "SOURCE is a table, a role name (deals, history, reps) or a let name. Strings are in double or single "
                + "quotes, durations are written 30d, 2w, 6mo, 1y, dates YYYY-MM-DD; \"#\" starts a comment. A query "
                + "continues on the next line while a bracket or quote is open, after a trailing | or \\, or when the "
                + "next line starts with |; \";\" separates queries.")
        let kinds: [(StageKind, String)] = [
            (.core, "Stages"), (.aggregate, "Aggregates"), (.verb, "Pipeline verbs"), (.presentation, "Drawing stages"),
        ]
        for (kind, title) in kinds {
            text += Roff.subsection(title)
            for entry in StageTable.all where entry.kind == kind {
                let also = entry.aliases.isEmpty ? "" : " Also written: " + entry.aliases.joined(separator: ", ") + "."
                text += Roff.tagged(Roff.bold(entry.usage), entry.help + also)
            }
        }
        text +=
            Roff.subsection("Periods")
            + Roff.paragraph(
                "forecast and balance group by one of: " + VerbRegistry.periodWords.joined(separator: ", ") + ".")
        text += Roff.subsection("Clauses")
        for word in ClauseHelp.words {
            guard let help = ClauseHelp.text(for: word) else { continue }
            let lines = help.split(separator: "\n", maxSplits: 1).map(String.init)
            text += Roff.tagged(
                Roff.bold(lines[0].replacingOccurrences(of: "usage: ", with: "")), lines.count > 1 ? lines[1] : "")
        }
        text += Roff.subsection("Functions")
        text += Roff.paragraph(ScalarFunction.names.joined(separator: ", "))
        text += Roff.literal(ScalarFunction.allCases.map(\.usage).joined(separator: "\n"))
        text += Roff.paragraph(
            "Window functions, in extend (optionally per KEY, …): " + WindowFunction.names.joined(separator: ", ") + "."
        )
        text += Roff.paragraph(
            Parser.dateWords.joined(separator: " and ") + " are the as-of date and the current instant.")
        return text
    }
}

import Foundation
import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQShell
import PipeQTestSupport
import Testing

/// `.help` reads the stage table: every stage word answers with its usage and definition (issue 14: `.help bar`
/// answered "no meta-command or verb").
@Suite struct HelpCommandTests {
    /// What `.help ARGUMENTS` writes, or its error message.
    static func help(_ arguments: String = "") throws -> String {
        let folder = try ShellFixtures.folder([])
        let out = (folder as NSString).appendingPathComponent("help.txt")
        let session = Session(engine: TestTables.engine())
        try session.output.redirect(to: out)
        do throws(Diagnostic) {
            try MetaCommands.scriptHandler(session)(".help " + arguments)
        } catch {
            _ = session.output.abandon()
            return "error: " + error.message + (error.hint.map { " — " + $0 } ?? "")
        }
        try session.output.close()
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    /// `.exit` (an alias of `.quit`) is listed, and so are the exit words.
    @Test func theListingShowsAliasesAndExitWords() throws {
        let text = try Self.help()
        #expect(text.contains(".quit, .exit"), "\(text)")
        #expect(text.contains("(or type exit, quit or \\q)"), "\(text)")
    }

    /// `.help NAME` hints as an unknown meta-command does: another shell's name points at pipeq's.
    @Test func anotherShellsNameSuggestsPipeqs() throws {
        #expect(
            try Self.help("import")
                == "error: no meta-command, stage or function \"import\" — did you mean \".load\"? (.load PATH [as NAME])"
        )
        #expect(
            try Self.help(".shell")
                == "error: no meta-command, stage or function \".shell\" — pipeq has no .shell; type .help for the list"
        )
    }

    @Test func drawingStagesAnswer() throws {
        for word in ["bar", "chart", "spark"] {
            let text = try Self.help(word)
            #expect(text.hasPrefix("usage: \(word) [COLUMN]\n\n"), "\(text)")
            #expect(text.contains("Must be the last stage."), "\(text)")
        }
        #expect(try Self.help("spark").contains("the aggregate \"sparkline DATE\""))
    }

    @Test func everyStageWordAndAliasAnswersWithItsEntry() throws {
        for entry in StageTable.all {
            for spelling in entry.spellings where spelling != "pN" {
                #expect(try Self.help(spelling).hasPrefix(entry.helpText), "\(spelling)")
            }
        }
        #expect(try Self.help("filter").hasPrefix("usage: where CONDITION\nalso written: filter\n\nKeeps the rows"))
        #expect(try Self.help("p90").hasPrefix("usage: pN EXPR [where CONDITION]\n"))
        #expect(try Self.help("asof").hasPrefix("usage: SOURCE asof DATE | …\n\n\"SOURCE asof DATE\" runs the query"))
    }

    /// Each window function of extend answers with its usage and definition.
    @Test func everyWindowFunctionAnswers() throws {
        for function in WindowFunction.allCases {
            #expect(try Self.help(function.rawValue) == function.helpText + "\n", "\(function.rawValue)")
        }
        #expect(try Self.help("cumsum").hasPrefix("usage: extend NAME = cumsum(x) [per KEY, …]\n\nThe sum of x"))
        #expect(try Self.help("rank").contains("Ties share a place and the next place skips (1, 1, 3)"))
    }

    /// `limit` is a stage and a meta-command: the stage answers, and the meta-command is named after it.
    @Test func aStageWordThatIsAlsoACommandNamesBoth() throws {
        let text = try Self.help("limit")
        #expect(text.hasPrefix("usage: limit N\nalso written: take, head\n\n"))
        #expect(
            text.hasSuffix(
                "\nsee also .limit [memory SIZE|default]    the most memory one result may take (e.g. 4GB, 50%)\n"),
            "\(text)")
        #expect(try Self.help(".limit").hasPrefix(".limit [memory SIZE|default]    the most memory"))
    }

    @Test func unknownWordsSuggestTheClosest() throws {
        #expect(
            try Self.help("chrat") == "error: no meta-command, stage or function \"chrat\" — did you mean \"chart\"?")
        #expect(
            try Self.help("tabels")
                == "error: no meta-command, stage or function \"tabels\" — did you mean \".tables\"?")
        #expect(
            try Self.help("fiscal_quater")
                == "error: no meta-command, stage or function \"fiscal_quater\" — did you mean \"fiscal_quarter\"?")
    }

    /// Every scalar function answers with its usage (issue 15), by name, alias or with its parentheses.
    @Test func everyFunctionAnswersWithItsUsage() throws {
        for function in ScalarFunction.allCases {
            #expect(try Self.help(function.rawValue) == "usage: \(function.usage)\n", "\(function)")
        }
        #expect(try Self.help("split_part()").hasPrefix("usage: split_part(string, \"separator\", n)"))
        #expect(try Self.help("day_of_week").hasPrefix("usage: dayofweek(date) → Mon … Sun"))
        // `count` is a stage (the aggregate), not the function.
        #expect(try Self.help("case").hasPrefix("usage: case when CONDITION then VALUE"))
        for word in ["like", "ilike", "matches", "icontains"] {
            #expect(try Self.help(word).hasPrefix("usage: TEXT [not] "), "\(word)")
        }
        let overview = try Self.help()
        #expect(overview.contains("functions (.help FUNCTION for its usage):\n  day, week,"))
        #expect(overview.contains("fiscal_quarter, fiscal_year\n"))
    }

    @Test func theOverviewListsEveryKind() throws {
        let text = try Self.help()
        for heading in [
            "meta-commands:", "stages (.help STAGE for the definition):",
            "aggregates, in a list (count, avg value by stage):",
            "pipeline verbs:", "drawing, as the last stage:",
        ] {
            #expect(text.contains("\n" + heading + "\n") || text.hasPrefix(heading), "\(heading)")
        }
        for entry in StageTable.all { #expect(text.contains("  " + entry.usage + "\n"), "\(entry.usage)") }
    }
}

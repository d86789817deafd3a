import PipeQEngine
import PipeQLanguage
import PipeQShell
import PipeQTestSupport
import Testing

/// Input line → styles, from the lexer's tokens: every kind of literal, stage words from the stage table,
/// tables, columns (of the catalog and of a stage's input), functions, keywords, and unknown names.
@Suite struct SyntaxClassifierTests {
    let classifier = SyntaxClassifier(vocabulary: HighlightVocabulary(engine: TestTables.engine()))

    /// Each styled piece of `text` as (its text, its style), in order.
    func styled(_ text: String) -> [(String, HighlightStyle)] {
        let bytes = Array(text.utf8)
        return classifier.spans(text).map { (String(decoding: bytes[$0.start..<$0.end], as: UTF8.self), $0.style) }
    }

    /// The style of the first piece whose text is `word`.
    func style(of word: String, in text: String) -> HighlightStyle? {
        styled(text).first { $0.0 == word }?.1
    }

    @Test func literalsKeywordsStagesTablesAndColumns() {
        let pieces = styled("deals | where rep = \"Sjögren\" and value > 30d and value < 1.5k | count by stage")
        #expect(
            pieces.map(\.0) == [
                "deals", "where", "rep", "\"Sjögren\"", "and", "value", "30d", "and", "value", "1.5k", "count", "by",
                "stage",
            ])
        #expect(
            pieces.map(\.1) == [
                .table, .stage, .column, .string, .keyword, .column, .duration, .keyword, .column, .number, .stage,
                .keyword, .column,
            ])
    }

    @Test func datesAndDateWords() {
        #expect(style(of: "2024-01-31", in: "deals | where close_date < 2024-01-31") == .date)
        #expect(style(of: "2024-01-31T10:30", in: "deals | where close_date < 2024-01-31T10:30") == .date)
        #expect(style(of: "today", in: "deals | where value > 1 and today > 2024-01-01") == .date)
    }

    @Test func unknownNamesAreMarked() {
        #expect(style(of: "foo", in: "deals | where foo > 1") == .unknown)
        #expect(style(of: "dealz", in: "dealz | count") == .unknown)
        #expect(style(of: "cuont", in: "deals | cuont") == .unknown)
        #expect(style(of: "Sjögren", in: "deals | where rep = Sjögren") == .unknown)
    }

    @Test func functionsBeforeAParenthesis() {
        #expect(style(of: "lower", in: "deals | where lower(rep) = \"ann lee\"") == .function)
        #expect(style(of: "lowr", in: "deals | where lowr(rep) = \"ann lee\"") == .unknown)
        #expect(style(of: "cumsum", in: "deals | extend running = cumsum(value)") == .function)
    }

    /// Columns a stage's input has beyond the catalog's: an aggregate's output, and names defined earlier.
    @Test func columnsOfTheStageInput() {
        #expect(style(of: "count", in: "deals | count by rep | where count > 1") == .stage)
        let pieces = styled("deals | count by rep | where count > 1")
        #expect(pieces[5].0 == "count" && pieces[5].1 == .column)
        #expect(style(of: "sum_value", in: "deals | sum value by rep | sort sum_value") == .column)
        let defined = styled("deals | extend double = value * 2, triple = double + value")
        #expect(defined.filter { $0.0 == "double" }.map(\.1) == [.column, .column])
        #expect(style(of: "triple", in: "deals | extend double = value * 2, triple = double + value") == .column)
    }

    @Test func letAndJoin() {
        #expect(styled("let big = deals | where value > 100").prefix(3).map(\.1) == [.keyword, .table, .table])
        #expect(style(of: "reps", in: "deals | join reps on rep") == .table)
        #expect(style(of: "on", in: "deals | join reps on rep") == .keyword)
    }

    @Test func verbOptionsAreKeywords() {
        #expect(style(of: "strict", in: "deals | funnel strict") == .keyword)
        #expect(style(of: "anti", in: "deals | join anti reps on rep") == .keyword)
        #expect(style(of: "values", in: "deals | pivot status values value") == .keyword)
        #expect(style(of: "distinct", in: "deals | count distinct rep") == .keyword)
    }

    /// `compare Ann Lee`: the rep's name, unquoted, reads as a value.
    @Test func compareTakesABareRepName() {
        #expect(styled("deals | compare Ann Lee").suffix(2).map(\.1) == [.string, .string])
        #expect(style(of: "Ann", in: "deals | where Ann > 1") == .unknown)
    }

    /// `for FY2027-Q1` after attainment, coverage and forecast: "for" a keyword, the period's words dates; elsewhere
    /// `Q1` is an unknown name.
    @Test func periodsAfterFor() {
        #expect(style(of: "for", in: "deals | attainment by rep for 2026-Q1") == .keyword)
        #expect(style(of: "Q1", in: "deals | attainment by rep for 2026-Q1") == .date)
        #expect(style(of: "FY2027", in: "deals | coverage for FY2027") == .date)
        #expect(style(of: "category", in: "deals | forecast by category for 2026-Q4") == .keyword)
        #expect(style(of: "Q4", in: "deals | forecast by category for 2026-Q4") == .date)
        #expect(style(of: "Q1", in: "deals | where Q1 > 1") == .unknown)
    }

    /// While typing, a string is open and a literal may be half written: the lexer's pieces carry on past them.
    @Test func openStringAndInvalidText() {
        #expect(styled("deals | where rep = \"Sjö").last.map { $0.0 == "\"Sjö" && $0.1 == .string } == true)
        let pieces = styled("deals | where value > 3xyz and rep = \"a\"")
        #expect(pieces.contains { $0.0 == "3xyz" && $0.1 == .invalid })
        #expect(pieces.contains { $0.0 == "\"a\"" && $0.1 == .string })
        #expect(styled("deals ! 1").contains { $0.0 == "!" && $0.1 == .invalid })
    }

    @Test func commentsAndMetaCommands() {
        #expect(styled("deals # all of them").last.map { $0.0 == "# all of them" && $0.1 == .comment } == true)
        #expect(styled(".explain deals | count").map(\.1) == [.metaCommand, .table, .stage])
        #expect(styled(".load data.csv").map(\.1) == [.metaCommand])
        #expect(styled(".lod x").map(\.1) == [.unknown])
        #expect(styled("exit").map(\.1) == [.metaCommand])
        #expect(styled("  \\q ").map(\.0) == ["\\q"])
        #expect(styled("deals | where exit > 1").contains { $0.0 == "exit" && $0.1 == .unknown })
    }

    /// A classifier that knows nothing but what it is given: no engine needed.
    @Test func handMadeVocabulary() {
        let plain = SyntaxClassifier(vocabulary: HighlightVocabulary(sources: ["t"], columns: ["a"]))
        let text = "t | where a > b"
        let bytes = Array(text.utf8)
        let pieces = plain.spans(text).map {
            String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) + ":\($0.style)"
        }
        #expect(pieces == ["t:table", "where:stage", "a:column", "b:unknown"])
    }

    @Test func rendererWrapsStyledRunsInEscapes() {
        let text = "deals | where v > 1"
        let out = HighlightRenderer.ansi(
            text, spans: [HighlightSpan(0, 5, .table), HighlightSpan(18, 19, .number)])
        #expect(out == "\u{1B}[1;33mdeals\u{1B}[0m | where v > \u{1B}[36m1\u{1B}[0m")
    }
}

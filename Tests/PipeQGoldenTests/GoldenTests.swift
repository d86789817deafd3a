import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import Testing

/// Runs every `Cases/*.test` file through the real engine and compares exact output (the format is described
/// on `GoldenFile`). `PIPEQ_RECORD=1 swift test --filter GoldenTests` rewrites the expected outputs; a query
/// block whose query fails, or an error block whose query runs, fails the test even then.
@Suite struct GoldenTests {
    static let record = ProcessInfo.processInfo.environment["PIPEQ_RECORD"] == "1"

    @Test(arguments: try GoldenFile.names())
    func golden(_ name: String) throws {
        let file = try GoldenFile.load(name)
        let catalog = try GoldenDatasets.catalog(file.dataset)
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(file.asOf))
        let outputs = file.blocks.map { Self.check($0, in: file, engine) }
        if Self.record { try file.recorded(outputs).write(toFile: file.path, atomically: true, encoding: .utf8) }
    }

    /// The same cases with every nearly all-distinct string column loaded without deduplicating its dictionary
    /// (what a 10M-row load does to deal names after 1M values; see `StringDictionary`): the answers must not
    /// change.
    @Test(arguments: try GoldenFile.names())
    func goldenWithNonDistinctDictionaries(_ name: String) throws {
        guard !Self.record else { return }
        let file = try GoldenFile.load(name)
        let catalog = try GoldenDatasets.catalog(file.dataset, options: CSVLoader.Options(plainStringsAfter: 8))
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(file.asOf))
        for block in file.blocks { _ = Self.check(block, in: file, engine) }
    }

    @Test func nonDistinctDictionariesAreExercised() throws {
        let catalog = try GoldenDatasets.catalog("fixture", options: CSVLoader.Options(plainStringsAfter: 8))
        let nonDistinct = catalog.tables.flatMap { table in
            table.fields.compactMap { field -> String? in
                guard case .string(_, let dictionary) = field.column.values, !dictionary.isDistinct else { return nil }
                return table.name + "." + field.name
            }
        }
        #expect(
            !nonDistinct.isEmpty,
            "the fixture has nearly all-distinct string columns to load without deduplication")
    }

    /// What running a block's query gave: its rendered output, or the rendered diagnostic it failed with.
    enum Outcome {
        case output(String)
        case failure(String)

        var text: String {
            switch self {
            case .output(let text), .failure(let text): return text
            }
        }
    }

    /// Runs one block and records an issue, placed at the block's line in the `.test` file, when its outcome
    /// is not the one the block expects. Returns the text to record.
    static func check(_ block: GoldenFile.Block, in file: GoldenFile, _ engine: QueryEngine) -> String {
        let table = TableRenderer(maxWidth: file.width, expanded: file.expanded)
        let outcome = run(block, engine, table: table, chartStyle: ChartStyle(width: 72, unicode: !file.asciiCharts))
        let place = SourceLocation(
            fileID: "PipeQGoldenTests/" + file.description, filePath: file.path,
            line: block.line, column: 1)
        let context = "\(file.description):\(block.line)\n\(block.query)"
        switch (block.kind, outcome) {
        case (.query, .failure(let diagnostic)), (.statement, .failure(let diagnostic)),
            (.explain, .failure(let diagnostic)):
            let advice = "the query failed (an expected failure is written as an `error` block)"
            Issue.record("\(context)\n--- \(advice) ---\n\(diagnostic)", sourceLocation: place)
            return diagnostic
        case (.error, .output):
            Issue.record("\(context)\n--- expected an error, but the query ran ---", sourceLocation: place)
            return "expected an error, but the query ran\n"
        case (.query, .output), (.statement, .output), (.explain, .output), (.error, .failure):
            if !record {
                let comparison = "--- expected ---\n\(block.expected)--- actual ---\n\(outcome.text)"
                #expect(outcome.text == block.expected, "\(context)\n\(comparison)", sourceLocation: place)
            }
            return outcome.text
        }
    }

    static func run(
        _ block: GoldenFile.Block, _ engine: QueryEngine, table: TableRenderer = TableRenderer(), chartStyle: ChartStyle
    ) -> Outcome {
        do throws(Diagnostic) {
            if block.kind == .explain { return .output(try engine.explain(block.query)) }
            let outcome = try engine.run(block.query)
            guard case .rows(let result) = outcome else { return .output("") }
            guard case .query(let name) = block.kind else { return .output("") }
            let format = OutputFormat(rawValue: name) ?? .table
            let renderer = ResultRenderer(format: format, table: table, chartStyle: chartStyle)
            return .output(try renderer.render(result))
        } catch {
            return .failure(DiagnosticRenderer().render(error, source: block.query))
        }
    }

    @Test func everyCaseFileParsesAndHasBlocks() throws {
        let files = try GoldenFile.names().map(GoldenFile.load)
        #expect(files.count >= 5)
        #expect(files.reduce(0) { $0 + $1.blocks.count } >= 100)
    }

    /// The parser refuses what would otherwise pass unnoticed.
    @Test(arguments: [
        ("query\ndeals | count\n", "expected \"----\""),
        ("query\ndeals | count\n\nerror\nnosuch\n----\nx\n", "expected \"----\""),
        ("query tabel\ndeals | count\n----\n10\n", "unknown format"),
        ("statement\nlet a = deals\n", "expected \"query [FORMAT]\""),
        ("statement ok\nlet a = deals\n----\n\n", "a statement has no expected output"),
        ("error extra\nnosuch\n----\nx\n", "expected \"query [FORMAT]\""),
        ("query\n----\n10\n", "has no query"),
        ("dataset\n", "takes one word"),
        ("charset latin1\nquery\ndeals | count\n----\n10\n", "expected \"charset ascii\""),
        ("width wide\nquery\ndeals | count\n----\n10\n", "expected \"width N\""),
        ("expanded maybe\nquery\ndeals | count\n----\n10\n", "expected \"expanded off\""),
        ("querry\ndeals\n----\n1\n", "unknown directive"),
        ("# only a comment\n", "no blocks"),
    ])
    func malformedFilesDoNotParse(_ text: String, _ message: String) {
        #expect {
            _ = try GoldenFile.parse(text: text, path: "bad.test")
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func aQueryBlockThatFailsIsAFailure() throws {
        let catalog = try GoldenDatasets.catalog("fixture")
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        let diagnostic = "error: unknown table \"nosuch\" — tables: deals, history, reps\n  nosuch | count\n  ^^^^^^\n"
        let file = try GoldenFile.parse(text: "query\nnosuch | count\n----\n" + diagnostic, path: "strict.test")
        // The expected lines are the diagnostic itself, as the old runner accepted them; it must fail anyway.
        withKnownIssue {
            _ = Self.check(file.blocks[0], in: file, engine)
        }
        let asError = try GoldenFile.parse(text: "error\ndeals | count\n----\nx\n", path: "strict.test")
        withKnownIssue {
            _ = Self.check(asError.blocks[0], in: asError, engine)
        }
    }
}

/// Datasets golden files run against, loaded once.
enum GoldenDatasets {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ name: String) -> String {
        switch name {
        case "examples": return repositoryRoot + "/examples"
        default: return URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Data/" + name
        }
    }

    static func catalog(_ name: String) throws -> Catalog {
        try DatasetLoader.load(paths: [path(name)]).catalog
    }

    static func catalog(_ name: String, options: CSVLoader.Options) throws -> Catalog {
        try DatasetLoader.load(paths: [path(name)], options: options, cache: nil).catalog
    }
}

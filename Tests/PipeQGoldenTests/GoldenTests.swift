import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import Testing

/// Runs every `Cases/*.test` file through the real engine and compares exact output.
/// `PIPEQ_RECORD=1 swift test --filter GoldenTests` rewrites the expected outputs.
@Suite struct GoldenTests {
    static let record = ProcessInfo.processInfo.environment["PIPEQ_RECORD"] == "1"

    @Test(arguments: GoldenFile.all())
    func golden(_ file: GoldenFile) throws {
        let engine = QueryEngine(catalog: try GoldenDatasets.catalog(file.dataset), asOfDay: CivilTime.parseDate(file.asOf))
        var outputs: [String] = []
        for block in file.blocks {
            let actual = Self.run(block, engine)
            outputs.append(actual)
            if !Self.record {
                #expect(actual == block.expected, "\(file.description):\(block.line)\n\(block.query)\n--- expected ---\n\(block.expected)--- actual ---\n\(actual)")
            }
        }
        if Self.record { try file.recorded(outputs).write(toFile: file.path, atomically: true, encoding: .utf8) }
    }

    /// The same cases with every nearly all-distinct string column loaded without deduplicating its dictionary
    /// (what a 10M-row load does to deal names after 1M values; see `StringDictionary`): the answers must not
    /// change.
    @Test(arguments: GoldenFile.all())
    func goldenWithNonDistinctDictionaries(_ file: GoldenFile) throws {
        guard !Self.record else { return }
        let catalog = try GoldenDatasets.catalog(file.dataset, options: CSVLoader.Options(plainStringsAfter: 8))
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(file.asOf))
        for block in file.blocks {
            let actual = Self.run(block, engine)
            #expect(actual == block.expected, "\(file.description):\(block.line)\n\(block.query)\n--- expected ---\n\(block.expected)--- actual ---\n\(actual)")
        }
    }

    @Test func nonDistinctDictionariesAreExercised() throws {
        let catalog = try GoldenDatasets.catalog("fixture", options: CSVLoader.Options(plainStringsAfter: 8))
        let nonDistinct = catalog.tables.flatMap { table in
            table.fields.compactMap { field -> String? in
                guard case .string(_, let dictionary) = field.column.values, !dictionary.isDistinct else { return nil }
                return table.name + "." + field.name
            }
        }
        #expect(!nonDistinct.isEmpty, "the fixture has nearly all-distinct string columns to load without deduplication")
    }

    static func run(_ block: GoldenFile.Block, _ engine: QueryEngine) -> String {
        do throws(Diagnostic) {
            if block.kind == .explain { return try engine.explain(block.query) }
            let outcome = try engine.run(block.query)
            if block.kind == .error { return "expected an error, but the query ran\n" }
            guard case .rows(let result) = outcome else { return "" }
            guard case .query(let name) = block.kind else { return "" }
            let format = OutputFormat(rawValue: name) ?? .table
            return try ResultRenderer(format: format, chartStyle: ChartStyle(width: 72, unicode: true)).render(result)
        } catch {
            return DiagnosticRenderer().render(error, source: block.query)
        }
    }

    @Test func everyCaseFileParsesAndHasBlocks() {
        let files = GoldenFile.all()
        #expect(files.count >= 5)
        #expect(files.reduce(0) { $0 + $1.blocks.count } >= 100)
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

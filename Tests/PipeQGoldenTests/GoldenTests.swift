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

    static func run(_ block: GoldenFile.Block, _ engine: QueryEngine) -> String {
        do throws(Diagnostic) {
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
}

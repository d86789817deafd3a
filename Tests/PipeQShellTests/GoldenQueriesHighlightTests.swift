import Foundation
import PipeQCore
import PipeQEngine
import PipeQShell
import PipeQStorage
import Testing

/// Every query the golden tests run successfully is highlighted without an unknown name or refused text: a
/// word the language gains (a verb's option, a join kind) that the highlighter would underline fails here.
@Suite struct GoldenQueriesHighlightTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PipeQGoldenTests").path

    /// The `query`, `explain` and `statement ok` blocks of a `.test` file with their datasets, in order.
    static func blocks(_ text: String) -> [(dataset: String, kind: String, query: String)] {
        var blocks: [(String, String, String)] = []
        var dataset = "fixture"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let line = lines.popFirst() {
            if line.hasPrefix("dataset ") { dataset = String(line.dropFirst("dataset ".count)) }
            guard let kind = ["query", "explain", "statement ok"].first(where: { line.hasPrefix($0) }) else { continue }
            var query: [String] = []
            while let next = lines.popFirst(), next != "----", !(kind == "statement ok" && next.isEmpty) {
                query.append(next)
            }
            blocks.append((dataset, kind, query.joined(separator: "\n")))
        }
        return blocks
    }

    @Test func successfulGoldenQueriesHaveNoUnknownNames() throws {
        var engines: [String: QueryEngine] = [:]
        var checked = 0
        let cases = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Cases").sorted()
        for file in cases where file.hasSuffix(".test") {
            let text = try String(contentsOfFile: Self.root + "/Cases/" + file, encoding: .utf8)
            for block in Self.blocks(text) {
                let engine: QueryEngine
                if let known = engines[block.dataset] {
                    engine = known
                } else {
                    let path =
                        block.dataset == "examples"
                        ? Self.root + "/../../examples" : Self.root + "/Data/" + block.dataset
                    guard let catalog = try? DatasetLoader.load(paths: [path]).catalog else { continue }
                    engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
                    engines[block.dataset] = engine
                }
                if block.kind == "statement ok" { _ = try? engine.run(block.query) }
                let classifier = SyntaxClassifier(vocabulary: HighlightVocabulary(engine: engine))
                let bytes = Array(block.query.utf8)
                let marked = classifier.spans(block.query).filter { $0.style == .unknown || $0.style == .invalid }
                    .map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
                #expect(marked.isEmpty, "\(file): \(block.query)")
                checked += 1
            }
        }
        #expect(checked > 300)
    }
}

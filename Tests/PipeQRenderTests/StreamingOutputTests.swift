import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// Results go out a chunk of rows at a time (the first bytes at once, one chunk in memory), and Ctrl-C
/// (the engine's cancellation flag) stops a long output between chunks with the cancel diagnostic.
@Suite(.serialized) struct StreamingOutputTests {
    static let rows = 50_000

    static let engine: QueryEngine = {
        let table = TestTables.table(
            "t",
            [
                ("id", Column(.int((0..<Int64(rows)).map { $0 }))),
                ("v", Column(.double((0..<rows).map { Double($0) / 4 }))),
                ("name", TestTables.strings((0..<rows).map { "deal \($0), \"quoted\"" })),
            ])
        return QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 20_000)
    }()

    static func result() throws -> QueryResult {
        guard case .rows(let result) = try engine.run("t") else { throw Diagnostic(.execute, "no rows") }
        return result
    }

    @Test(arguments: [OutputFormat.csv, .json, .markdown, .table])
    func longResultsGoOutInChunksThatAddUpToTheWhole(_ format: OutputFormat) throws {
        let result = try Self.result()
        let renderer = ResultRenderer(format: format)
        var chunks: [String] = []
        try renderer.write(result, cancellation: nil) { (text: String) throws(Diagnostic) in chunks.append(text) }
        #expect(chunks.count > 10, "\(format): \(chunks.count) chunks")
        #expect(chunks.map(\.utf8.count).max()! < 1 << 20, "\(format): a chunk is a bounded part of the output")
        #expect(chunks.joined() == (try renderer.render(result)))
    }

    @Test(arguments: [OutputFormat.csv, .json, .markdown, .table])
    func ctrlCStopsALongOutputAtTheNextChunk(_ format: OutputFormat) throws {
        let result = try Self.result()
        let flag = Self.engine.cancellation
        flag.reset()
        flag.cancel(atPoll: 3)
        defer { flag.cancel(atPoll: .max) }
        var chunks = 0
        var message: String?
        do {
            try ResultRenderer(format: format).write(result, cancellation: flag) { (_: String) throws(Diagnostic) in
                chunks += 1
            }
        } catch {
            message = error.message
        }
        #expect(message == "query cancelled")
        #expect(chunks <= 4, "\(format): \(chunks) chunks written after the Ctrl-C")
    }

    @Test func aTableWithMaxRowsStillShowsHeadAndTail() throws {
        let text = TableRenderer(maxRows: 4).render(try Self.result())
        #expect(text.contains(" … 49996 more rows\n"))
        #expect(text.hasSuffix("(50000 rows)\n"))
    }
}

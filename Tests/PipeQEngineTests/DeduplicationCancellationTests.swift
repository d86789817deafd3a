import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// The first grouping or distinct count over a column loaded without deduplication (10M deal names) hashes
/// every entry once, seconds of work that Ctrl-C must stop too (it took 3.6 s to come back before).
@Suite struct DeduplicationCancellationTests {
    /// 100,000 entries, every value twice: a non-distinct dictionary as the loader leaves a name column.
    static func names() -> Column {
        var bytes: [UInt8] = []
        var offsets = [0]
        for i in 0..<100_000 {
            bytes += Array("name \(i / 2)".utf8)
            offsets.append(bytes.count)
        }
        let dictionary = StringDictionary(utf8: bytes, offsets: offsets, distinct: false)
        return Column(.string(DictionaryCodes((0..<100_000).map { UInt32($0) }, dictionaryCount: 100_000), dictionary))
    }

    @Test func deduplicationStopsWhenAskedAndIsNotKept() throws {
        guard case .string(_, let dictionary) = Self.names().values else { return }
        var asked = 0
        #expect(
            dictionary.deduplication(stopping: {
                asked += 1
                return asked == 2
            }) == nil)
        #expect(asked == 2)
        // Nothing half-built was kept: the next call does the whole work.
        let done = try #require(dictionary.deduplication(stopping: { false }))
        #expect(done.dictionary.count == 50_000)
    }

    @Test(arguments: ["t | count distinct name", "t | count by name | count"])
    func aCountOrGroupingStopsInsideTheDeduplication(_ query: String) throws {
        let table = Table(name: "t", fields: [Field(ColumnInfo(name: "name"), Self.names())])
        let engine = QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 20_000)
        engine.cancellation.cancel(atPoll: 1)
        defer { engine.cancellation.cancel(atPoll: .max) }
        var message: String?
        do { _ = try engine.run(query) } catch { message = error.message }
        #expect(message == "query cancelled")
        engine.cancellation.cancel(atPoll: .max)
        guard case .rows(let result) = try engine.run(query) else { return }
        #expect(result.value(row: 0, column: 0) == .int(50_000))
    }
}

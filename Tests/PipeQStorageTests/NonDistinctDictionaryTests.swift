import Foundation
import Testing

@testable import PipeQStorage

/// A nearly all-distinct string column stops being deduplicated while it loads (deal names at 10M rows); its
/// dictionary then repeats strings, and everything that needs one code per string deduplicates it first.
struct NonDistinctDictionaryTests {
    func intern(_ interner: inout ByteStringInterner, _ text: String) -> UInt32 {
        Array(text.utf8).withUnsafeBufferPointer { interner.code(for: $0) }
    }

    func text(_ interner: ByteStringInterner, _ code: UInt32) -> String {
        interner.withValue(Int(code)) { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aNearlyDistinctColumnStopsDeduplicatingAfterTheLimit() {
        var interner = ByteStringInterner(plainAfter: 64)
        let values = (0..<1_000).map { "deal \($0)" } + (0..<200).map { "deal \($0 % 10)" }
        let codes = values.map { intern(&interner, $0) }
        #expect(!interner.isDistinct)
        #expect(interner.count == values.count, "the repeats after the switch are entries of their own")
        #expect(codes.map { text(interner, $0) } == values, "every row's code still spells its value")
        // Before the switch (the first 64 distinct values) repeats found their code.
        var early = ByteStringInterner(plainAfter: 64)
        let firstCodes = (0..<40).map { intern(&early, "deal \($0 % 20)") }
        #expect(early.isDistinct && early.count == 20 && firstCodes[20] == firstCodes[0])
    }

    @Test func aColumnOfRepeatedValuesKeepsDeduplicating() {
        var interner = ByteStringInterner(plainAfter: 64)
        for i in 0..<10_000 { _ = intern(&interner, "account \(i / 5)") }
        #expect(interner.isDistinct, "each value five times: 20 % distinct, far below 80 %")
        #expect(interner.count == 2_000)
    }

    @Test func deduplicationMapsEveryCodeToItsStringsOneCode() throws {
        let words = ["b", "a", "b", "c", "a", ""]
        var bytes: [UInt8] = []
        var offsets = [0]
        for w in words {
            bytes += Array(w.utf8)
            offsets.append(bytes.count)
        }
        let dictionary = StringDictionary(utf8: bytes, offsets: offsets, distinct: false)
        #expect(!dictionary.isDistinct)
        let dedup = dictionary.deduplication
        #expect(dedup.dictionary.values == ["b", "a", "c", ""])
        #expect(dedup.codeMap == [0, 1, 0, 2, 1, 3])
        #expect(dictionary.ranks == [2, 1, 2, 3, 1, 0], "equal strings rank equal, in byte order")
        let column = Column(.string(codes: [5, 4, 3, 2, 1, 0, 2], dictionary))
        let (codes, distinct) = try #require(column.values.distinctStrings)
        #expect(distinct === dedup.dictionary, "built once and kept")
        #expect(codes.widened == [3, 1, 2, 0, 1, 0, 0])
        #expect(
            (0..<column.count).map { column.value(at: $0) }
                == (0..<column.count).map { column.withDistinctStrings.value(at: $0) })
    }

    /// The CSV from `rows` deals whose names are all distinct, and a low-cardinality stage.
    static func csv(rows: Int) -> String {
        var text = "id,name,stage\n"
        for i in 0..<rows { text += "\(i),\"Deal \(i * 7919 % 100_003), Inc\",\(["Won", "Lost", "Open"][i % 3])\n" }
        return text
    }

    @Test(arguments: [1, 3])
    func aLoadStopsDeduplicatingNamesOnAnyThreadCount(threads: Int) throws {
        let text = Self.csv(rows: 5_000)
        let plain = try loadCSV(text, options: .init(maxThreads: threads, parallelThreshold: 0, plainStringsAfter: 64))
        let deduplicated = try loadCSV(text, options: .init(maxThreads: 1))
        guard case .string(_, let names) = plain.fields[1].column.values,
            case .string(_, let stages) = plain.fields[2].column.values
        else {
            Issue.record("not strings")
            return
        }
        #expect(!names.isDistinct, "names: all distinct")
        #expect(stages.isDistinct && stages.count == 3, "stages: three values")
        for row in stride(from: 0, to: 5_000, by: 37) {
            #expect(plain.fields[1].column.value(at: row) == deduplicated.fields[1].column.value(at: row))
        }
    }

    @Test func aSnapshotKeepsADictionaryNonDistinct() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-nd-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/deals.csv"
        try (Self.csv(rows: 300) + "300,\"Deal 0, Inc\",Won\n").write(toFile: path, atomically: false, encoding: .utf8)
        let table = try CSVLoader.load(path: path, options: .init(plainStringsAfter: 16))
        let cache = SnapshotCache(directory: directory + "/cache")
        cache.write(table, source: path)
        let restored = try #require(cache.load(source: path, tableName: "deals"))
        guard case .string(_, let names) = restored.fields[1].column.values else {
            Issue.record("not a string column")
            return
        }
        #expect(!names.isDistinct)
        #expect(
            (0..<301).map { restored.fields[1].column.value(at: $0) }
                == (0..<301).map { table.fields[1].column.value(at: $0) })
        let (codes, _) = try #require(restored.fields[1].column.values.distinctStrings)
        #expect(codes[300] == codes[0], "the repeated name is one value once deduplicated")
    }
}

import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// Filters over inputs large enough to be split across cores give exactly the sequential answer.
@Suite(.serialized) struct ParallelScanTests {
    static let rows = 1_500_000

    static func engine() -> QueryEngine {
        let x = (0..<rows).map { Int64($0 % 97) }
        var nulls = NullBitmap(count: rows)
        for i in stride(from: 0, to: rows, by: 7) { nulls.setNull(i) }
        let y = (0..<rows).map { Double($0 % 13) }
        var builder = StringDictionaryBuilder()
        let codes = (0..<rows).map { builder.code(for: ["open", "won", "lost"][$0 % 3]) }
        let table = Table(name: "t", fields: [
            Field(ColumnInfo(name: "x"), Column(.int(x))),
            Field(ColumnInfo(name: "y"), Column(.double(y), nulls: nulls)),
            Field(ColumnInfo(name: "s"), Column(.string(codes, builder.build()))),
        ])
        return QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 0)
    }

    static func count(_ engine: QueryEngine, _ query: String) throws -> Int64 {
        guard case .rows(let result) = try engine.run(query), case .int(let n) = result.value(row: 0, column: 0) else { return -1 }
        return n
    }

    @Test(arguments: [1, 2])
    func splitFiltersMatchTheSequentialAnswer(threads: Int) throws {
        let saved = Parallel.coreCount
        Parallel.coreCount = threads
        defer { Parallel.coreCount = saved }
        let engine = Self.engine()
        let expectX = (0..<Self.rows).filter { $0 % 97 > 50 }.count
        #expect(try Self.count(engine, "t where x > 50 | count") == Int64(expectX))
        // Nulls in y: every 7th row.
        let expectY = (0..<Self.rows).filter { $0 % 7 != 0 && $0 % 13 >= 6 }.count
        #expect(try Self.count(engine, "t where y >= 6 | count") == Int64(expectY))
        // A second filter runs over a subset of positions, through the index the first one made.
        let expectBoth = (0..<Self.rows).filter { $0 % 97 > 50 && $0 % 3 == 1 }.count
        #expect(try Self.count(engine, "t where x > 50 | where s = \"won\" | count") == Int64(expectBoth))
        // After a sort the index is a permutation: order must not matter to the count.
        #expect(try Self.count(engine, "t | sort x desc | where x > 50 | count") == Int64(expectX))
        #expect(try Self.count(engine, "t where not (y >= 6) | count") == Int64((0..<Self.rows).filter { $0 % 7 != 0 && $0 % 13 < 6 }.count))
    }
}

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
        let table = Table(
            name: "t",
            fields: [
                Field(ColumnInfo(name: "x"), Column(.int(x))),
                Field(ColumnInfo(name: "y"), Column(.double(y), nulls: nulls)),
                Field(ColumnInfo(name: "s"), Column(.string(codes: codes, builder.build()))),
            ])
        return QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 0)
    }

    static func count(_ engine: QueryEngine, _ query: String) throws -> Int64 {
        guard case .rows(let result) = try engine.run(query), case .int(let n) = result.value(row: 0, column: 0) else {
            return -1
        }
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
        #expect(
            try Self.count(engine, "t where not (y >= 6) | count")
                == Int64((0..<Self.rows).filter { $0 % 7 != 0 && $0 % 13 < 6 }.count))
    }

    /// Aggregates over more than one morsel (2^20 rows) run morsels on all cores and add their partial
    /// sums in morsel order: the answers are the same, bit for bit, on one thread and on two, and right.
    @Test func morselAggregatesDoNotDependOnTheThreadCount() throws {
        let query = "t | n = count, c = count y, total = sum y, mean = avg y, sd = stddev y by s"
        var answers: [[[Scalar]]] = []
        let saved = Parallel.coreCount
        defer { Parallel.coreCount = saved }
        for threads in [1, 2] {
            Parallel.coreCount = threads
            guard case .rows(let result) = try Self.engine().run(query) else {
                Issue.record("no rows")
                return
            }
            answers.append((0..<result.rowCount).map { r in (0..<6).map { result.value(row: r, column: $0) } })
        }
        #expect(answers[0] == answers[1])
        // Checked against plain Swift: s cycles open/won/lost, y is i % 13 and null on every 7th row.
        for (k, name) in ["lost", "open", "won"].enumerated() {
            let rows = (0..<Self.rows).filter { ["open", "won", "lost"][$0 % 3] == name }
            let ys = rows.filter { $0 % 7 != 0 }.map { Double($0 % 13) }
            let row = answers[0][k]
            #expect(row[0] == .string(name))
            #expect(row[1] == .int(Int64(rows.count)))
            #expect(row[2] == .int(Int64(ys.count)))
            guard case .double(let total) = row[3], case .double(let mean) = row[4] else {
                Issue.record("types")
                continue
            }
            #expect(total == ys.reduce(0, +))  // small integers: every order of addition is exact
            #expect(abs(mean - ys.reduce(0, +) / Double(ys.count)) < 1e-12)
        }
    }
}

import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// The engine's fast paths give exactly what the general paths give: grouping by one string column
/// straight from its dictionary codes, grouping small-range integers by direct indexing (and wide
/// ones by hashing), and `a = "x" and b = "y"` over two dictionary columns in one pass.
@Suite struct FastPathTests {
    static let rows = 5_000

    static let engine: QueryEngine = {
        var s = StringDictionaryBuilder(), u = StringDictionaryBuilder()
        var sNulls = NullBitmap(count: rows), nNulls = NullBitmap(count: rows)
        let sCodes = (0..<rows).map { i -> UInt32 in
            if i % 11 == 0 { sNulls.setNull(i) }
            return s.code(for: ["pear", "apple", "fig", "kiwi"][(i * 7) % 4])
        }
        let uCodes = (0..<rows).map { u.code(for: ["x", "y", "z"][($0 / 3) % 3]) }
        var v = StringDictionaryBuilder()
        let vCodes = (0..<rows).map { v.code(for: ["a", "b"][$0 % 2]) }
        let small = (0..<rows).map { i -> Int64 in
            if i % 13 == 0 { nNulls.setNull(i) }
            return Int64((i * 31) % 50) - 20  // -20…29, with nulls
        }
        let wide = (0..<rows).map { Int64(($0 % 5) - 2) * 3_000_000_000_000_000 }  // far too wide for a table
        let one = [Int64](repeating: 1, count: rows)
        var dNulls = NullBitmap(count: rows)
        let entered = (0..<rows).map { Int32(20_000 + $0 % 400) }
        let exited = (0..<rows).map { i -> Int32 in
            if i % 9 == 0 { dNulls.setNull(i) }  // still in the stage
            return Int32(20_000 + i % 400 + (i * 13) % 90)
        }
        let table = Table(name: "t", fields: [
            Field(ColumnInfo(name: "s"), Column(.string(sCodes, s.build()), nulls: sNulls)),
            Field(ColumnInfo(name: "u"), Column(.string(uCodes, u.build()))),
            Field(ColumnInfo(name: "v"), Column(.string(vCodes, v.build()))),
            Field(ColumnInfo(name: "n"), Column(.int(small), nulls: nNulls)),
            Field(ColumnInfo(name: "w"), Column(.int(wide))),
            Field(ColumnInfo(name: "one"), Column(.int(one))),
            Field(ColumnInfo(name: "entered"), Column(.date(entered))),
            Field(ColumnInfo(name: "exited"), Column(.date(exited), nulls: dNulls)),
            Field(ColumnInfo(name: "i"), Column(.int((0..<rows).map { Int64($0) }))),
        ])
        return QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 0)
    }()

    static func rows(_ query: String) throws -> [[Scalar]] {
        guard case .rows(let result) = try engine.run(query) else { return [] }
        return (0..<result.rowCount).map { r in result.relation.fields.indices.map { result.value(row: r, column: $0) } }
    }

    /// One string key (dictionary path) against the same key plus a constant one (general path).
    @Test func groupingByOneStringColumnMatchesTheGeneralPath() throws {
        let fast = try Self.rows("t | c = count, m = min i by s")
        let general = try Self.rows("t | c = count, m = min i by s, one").map { [$0[0], $0[2], $0[3]] }
        #expect(fast == general)
        #expect(fast.map { $0[0] } == [.string("apple"), .string("fig"), .string("kiwi"), .string("pear"), .null])
        // After a filter and a sort (a row index under the key column).
        let afterSort = try Self.rows("t where i > 100 | sort i desc | count by s")
        #expect(try afterSort == Self.rows("t where i > 100 | count by s"))
    }

    @Test func groupingSmallAndWideIntegersOrdersKeysWithNullsLast() throws {
        let small = try Self.rows("t | count by n")
        #expect(small.count == 51)
        #expect(small.first?[0] == .int(-20))
        #expect(small.dropLast().map { $0[0] } == (-20...29).map { Scalar.int(Int64($0)) })
        #expect(small.last?[0] == .null)
        let general = try Self.rows("t | count by n, one").map { $0[2] }
        #expect(small.map { $0[1] } == general)
        let wide = try Self.rows("t | count by w")
        #expect(wide.map { $0[0] } == (-2...2).map { Scalar.int(Int64($0) * 3_000_000_000_000_000) })
        #expect(wide.map { $0[1] } == Array(repeating: .int(1_000), count: 5))
    }

    @Test(arguments: [
        #"t where u = "x" and s = "fig""#,      // s has nulls: the general path
        #"t where u = "x" and i = 7"#,          // not two string columns
    ])
    func conjunctionsOutsideTheFastPathStillWork(_ query: String) throws {
        let split = try Self.rows(query.replacingOccurrences(of: " and ", with: " | where ") + " | count")
        #expect(try Self.rows(query + " | count") == split)
    }

    @Test func bothEqualInOnePassMatchesTwoFilters() throws {
        let fused = try Self.rows(#"t where u = "y" and v = "b" | select i"#)
        let twoFilters = try Self.rows(#"t where u = "y" | where v = "b" | select i"#)
        #expect(fused == twoFilters)
        #expect(fused.count == (0..<Self.rows).filter { ($0 / 3) % 3 == 1 && $0 % 2 == 1 }.count)
        let expected = (2001..<Self.rows).filter { ($0 / 3) % 3 == 2 && $0 % 2 == 0 }.count
        let three = try Self.rows(#"t where u = "z" and v = "a" and i > 2000 | count"#)
        #expect(three == [[Scalar.int(Int64(expected))]])
        // Under a row index (after a sort), and with a value missing from the dictionary.
        let sorted = try Self.rows(#"t | sort i desc | where u = "x" and v = "a" | count"#)
        #expect(try sorted == Self.rows(#"t where u = "x" | where v = "a" | count"#))
        #expect(try Self.rows(#"t where u = "x" and v = "nope" | count"#) == [[.int(0)]])
    }

    /// `days(date − date)` straight to day counts equals going through a duration (hours ÷ 24), nulls included.
    @Test func daysBetweenDatesInOnePass() throws {
        let direct = try Self.rows("t | select d = days(exited - entered)")
        let viaHours = try Self.rows("t | select d = hours(exited - entered) / 24")
        #expect(direct == viaHours)
        #expect(direct[0] == [.null])
        #expect(direct[1] == [.double(13)])
        let grouped = try Self.rows("t | avg days(exited - entered) by u")
        #expect(try grouped == Self.rows("t | avg hours(exited - entered) / 24 by u"))
    }

    /// The 64-row bit-mask scan: blocks where every row passes, nearly every row, a few, none, and a
    /// ragged tail (5,000 rows is 78 blocks and 8 rows).
    @Test func maskScanKeepsExactlyThePassingRows() throws {
        let cases: [(String, (Int) -> Bool)] = [
            ("i >= 100 and i < 4990", { $0 >= 100 && $0 < 4_990 }),  // whole blocks pass
            ("i != 777", { $0 != 777 }),                              // one block nearly all
            ("i > 4995", { $0 > 4_995 }),                             // only the tail
            ("i < 0", { $0 < 0 }),                                    // none
            (#"u = "y""#, { ($0 / 3) % 3 == 1 }),                     // a third, in runs
            (#"v = "b" and u = "z""#, { $0 % 2 == 1 && ($0 / 3) % 3 == 2 }),
        ]
        for (predicate, expected) in cases {
            let kept = try Self.rows("t where \(predicate) | select i").map { $0[0] }
            #expect(kept == (0..<Self.rows).filter(expected).map { Scalar.int(Int64($0)) }, "\(predicate)")
        }
    }

    @Test func countOfEverythingNeedsNoRowPass() throws {
        #expect(try Self.rows("t | count") == [[.int(Int64(Self.rows))]])
        #expect(try Self.rows("t where i < 0 | count") == [[.int(0)]])
        #expect(try Self.rows("t where i < 10 | count by u") == [[.string("x"), .int(4)], [.string("y"), .int(3)], [.string("z"), .int(3)]])
    }
}

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
        var s = StringDictionaryBuilder()
        var u = StringDictionaryBuilder()
        var sNulls = NullBitmap(count: rows)
        var nNulls = NullBitmap(count: rows)
        let sCodes = (0..<rows).map { i -> UInt32 in
            if i % 11 == 0 { sNulls.setNull(i) }
            return s.code(for: ["pear", "apple", "fig", "kiwi"][(i * 7) % 4])
        }
        let uCodes = (0..<rows).map { u.code(for: ["x", "y", "z"][($0 / 3) % 3]) }
        let uDictionary = u.build()
        var k200 = StringDictionaryBuilder()
        var k300 = StringDictionaryBuilder()
        var k70k = StringDictionaryBuilder()
        let k200Codes = (0..<rows).map { k200.code(for: "k\(($0 * 7) % 200)") }  // one-byte codes up to 199
        let k300Codes = (0..<rows).map { k300.code(for: "k\(($0 * 7) % 300)") }
        // Value i for the rows, then the rest of the 70,000 only in the dictionary.
        let k70kCodes = (0..<rows).map { k70k.code(for: "v\($0 % 4_000)") }
        for extra in 4_000..<70_000 { _ = k70k.code(for: "v\(extra)") }
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
        let table = Table(
            name: "t",
            fields: [
                Field(ColumnInfo(name: "s"), Column(.string(codes: sCodes, s.build()), nulls: sNulls)),
                Field(ColumnInfo(name: "u"), Column(.string(codes: uCodes, uDictionary))),
                Field(ColumnInfo(name: "v"), Column(.string(codes: vCodes, v.build()))),
                // u again, its codes stored two and four bytes wide (wider than its dictionary needs).
                Field(ColumnInfo(name: "u16"), Column(.string(.u16(uCodes.map { UInt16($0) }), uDictionary))),
                Field(ColumnInfo(name: "u32"), Column(.string(.u32(uCodes), uDictionary))),
                // 300 and 70,000 distinct values: two- and four-byte codes because the dictionary needs them.
                Field(ColumnInfo(name: "k200"), Column(.string(codes: k200Codes, k200.build()))),
                Field(ColumnInfo(name: "k300"), Column(.string(codes: k300Codes, k300.build()))),
                Field(ColumnInfo(name: "k70k"), Column(.string(codes: k70kCodes, k70k.build()))),
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
        return (0..<result.rowCount).map { r in result.relation.fields.indices.map { result.value(row: r, column: $0) }
        }
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

    /// Two columns over one dictionary that repeats strings (as a nearly distinct column loads): `a = b` holds where
    /// the strings are equal, whatever codes they have; grouping sees each string once.
    @Test func columnsOverOneNonDistinctDictionaryCompareByString() throws {
        let words = ["x", "y", "x", "z", "y"]
        var bytes: [UInt8] = []
        var offsets = [0]
        for w in words {
            bytes += Array(w.utf8)
            offsets.append(bytes.count)
        }
        let dictionary = StringDictionary(utf8: bytes, offsets: offsets, distinct: false)
        let table = Table(
            name: "p",
            fields: [
                Field(ColumnInfo(name: "a"), Column(.string(codes: [0, 1, 2, 3, 4, 0], dictionary))),  // x y x z y x
                Field(ColumnInfo(name: "b"), Column(.string(codes: [2, 4, 0, 3, 1, 1], dictionary))),  // x y x z y y
            ])
        let engine = QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 0)
        func rows(_ query: String) throws -> [[Scalar]] {
            guard case .rows(let result) = try engine.run(query) else { return [] }
            return (0..<result.rowCount).map { r in
                result.relation.fields.indices.map { result.value(row: r, column: $0) }
            }
        }
        #expect(try rows("p where a = b | count") == [[.int(5)]])
        #expect(try rows("p where a != b | count") == [[.int(1)]])
        #expect(
            try rows("p | count by a") == [
                [.string("x"), .int(3)], [.string("y"), .int(2)], [.string("z"), .int(1)],
            ])
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
        #"t where u = "x" and s = "fig""#,  // s has nulls: the general path
        #"t where u = "x" and i = 7"#,  // not two string columns
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
            ("i != 777", { $0 != 777 }),  // one block nearly all
            ("i > 4995", { $0 > 4_995 }),  // only the tail
            ("i < 0", { $0 < 0 }),  // none
            (#"u = "y""#, { ($0 / 3) % 3 == 1 }),  // a third, in runs
            (#"v = "b" and u = "z""#, { $0 % 2 == 1 && ($0 / 3) % 3 == 2 }),
        ]
        for (predicate, expected) in cases {
            let kept = try Self.rows("t where \(predicate) | select i").map { $0[0] }
            #expect(kept == (0..<Self.rows).filter(expected).map { Scalar.int(Int64($0)) }, "\(predicate)")
        }
    }

    /// The same column stored one, two and four bytes wide answers every dictionary fast path alike.
    @Test(arguments: [
        #"t where C = "y" | select i"#,
        #"t where C != "y" | count"#,
        #"t where C in ("x", "z") | count"#,
        #"t where C = "x" and v = "b" | select i"#,
        #"t where v = "a" and C = "z" | select i"#,
        #"t where C = "nope" and v = "a" | count"#,
        #"t where C > "x" | count"#,
        #"t where C contains "z" | count"#,
        "t | count, m = min i by C",
        "t | count by C, v",
        "t | min C, max C, count distinct C",
        "t | sort C desc, i | take 7 | select C, i",
        #"t | extend L = upper(C) | count by L"#,
    ])
    func everyCodeWidthGivesTheSameAnswer(_ template: String) throws {
        let answers = try ["u", "u16", "u32"].map { try Self.rows(template.replacingOccurrences(of: "C", with: $0)) }
        #expect(answers[0].count > 0, "\(template)")
        #expect(answers[1] == answers[0], "\(template) with two-byte codes")
        #expect(answers[2] == answers[0], "\(template) with four-byte codes")
    }

    /// Equality on one-byte codes tests eight rows per word; codes with the high bit set (128–199) and
    /// every position in a 64-row block and in the ragged tail must come out exactly.
    @Test func oneByteEqualityScansKeepExactlyTheMatchingRows() throws {
        for value in [0, 1, 127, 128, 150, 199] {
            let kept = try Self.rows(#"t where k200 = "k\#(value)" | select i"#).map { $0[0] }
            #expect(
                kept == (0..<Self.rows).filter { ($0 * 7) % 200 == value }.map { Scalar.int(Int64($0)) }, "k\(value)")
            let both = try Self.rows(#"t where k200 = "k\#(value)" and v = "b" | select i"#).map { $0[0] }
            #expect(
                both == (0..<Self.rows).filter { ($0 * 7) % 200 == value && $0 % 2 == 1 }.map { Scalar.int(Int64($0)) },
                "k\(value) and b")
        }
    }

    @Test func columnsWithManyValuesUseWiderCodes() throws {
        guard case .string(let c300, _)? = Self.engine.catalog.table(named: "t")?.field(named: "k300")?.column.values,
            case .string(let c70k, _)? = Self.engine.catalog.table(named: "t")?.field(named: "k70k")?.column.values
        else {
            Issue.record("no string columns")
            return
        }
        #expect(c300.width == 2 && c70k.width == 4)
        #expect(
            try Self.rows(#"t where k300 = "k299" | count"#) == [
                [.int(Int64((0..<Self.rows).filter { ($0 * 7) % 300 == 299 }.count))]
            ])
        #expect(try Self.rows("t | count by k300").count == 300)
        #expect(try Self.rows(#"t where k70k = "v3999" and u = "y" | select i"#) == [[.int(3_999)]])
        #expect(try Self.rows(#"t where k70k = "v69999" | count"#) == [[.int(0)]], "in the dictionary, in no row")
        let grouped = try Self.rows("t | count by k70k")
        #expect(grouped.count == 4_000 && grouped.allSatisfy { $0[1] == .int(1) || $0[1] == .int(2) })
    }

    @Test func countOfEverythingNeedsNoRowPass() throws {
        #expect(try Self.rows("t | count") == [[.int(Int64(Self.rows))]])
        #expect(try Self.rows("t where i < 0 | count") == [[.int(0)]])
        #expect(
            try Self.rows("t where i < 10 | count by u") == [
                [.string("x"), .int(4)], [.string("y"), .int(3)], [.string("z"), .int(3)],
            ])
    }
}

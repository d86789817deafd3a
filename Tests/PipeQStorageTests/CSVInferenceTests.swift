import PipeQCore
import Testing

@testable import PipeQStorage

/// Whole-column type inference.
@Suite struct CSVInferenceTests {
    func column(_ values: [String]) throws -> Field {
        try loadCSV("v\n" + values.joined(separator: "\n") + "\n").fields[0]
    }

    @Test func integers() throws {
        let f = try column(["1", "-20", "+3", "0", "9223372036854775807", "-9223372036854775808"])
        #expect(f.type == .int)
        #expect(f.column.value(at: 2) == .int(3))
        #expect(f.column.value(at: 5) == .int(Int64.min))
    }

    /// Past the first batch of rows a column's kind is known and its values are parsed in a typed run that
    /// stops at a null, a quoted or escaped field, or a value of another kind; every such row must come out
    /// as if read one by one.
    @Test func typedRunsInLaterBatchesStopWhereAValueDoesNotFit() throws {
        let rows = 700
        var text = "a,b,c,e\n"
        for k in 0..<rows {
            let a = k == 300 ? "" : k == 301 ? "\"301\"" : "\(k)"
            let b = k == 400 ? "400.5" : "\(k)"
            let c = k == 350 ? "" : "2026-0\(1 + k % 9)-1\(k % 10)"
            let e = k == 500 ? "\"x\"\"y\"" : "\(k)"
            text += "\(a),\(b),\(c),\(e)\n"
        }
        let t = try loadCSV(text)
        #expect(t.fields.map(\.type) == [.int, .double, .date, .string])
        for k in 0..<rows {
            #expect(t.fields[0].column.value(at: k) == (k == 300 ? .null : .int(Int64(k))), "a at \(k)")
            #expect(t.fields[1].column.value(at: k) == .double(k == 400 ? 400.5 : Double(k)), "b at \(k)")
            #expect(
                k == 350
                    ? t.fields[2].column.value(at: k) == .null
                    : render(t.fields[2].column.value(at: k)) == "2026-0\(1 + k % 9)-1\(k % 10)", "c at \(k)")
            #expect(t.fields[3].column.value(at: k) == .string(k == 500 ? "x\"y" : "\(k)"), "e at \(k)")
        }
    }

    @Test func leadingZeroCodesStayStrings() throws {
        #expect(try column(["08123", "12345"]).type == .string)
        #expect(try column(["12345", "08123"]).field.value(at: 0) == .string("12345"))
        #expect(try column(["0", "7"]).type == .int)
        #expect(try column(["00.5"]).type == .string)
        #expect(try column(["0.5"]).type == .double)
        #expect(try column(["12345678901234567890"]).type == .string)  // too long for Int64: an identifier
    }

    /// Issue 18 item 4: 19-digit ids past Int64.max used to become doubles, so 9300000000000000001, …002 and
    /// …003 were one value. Written as integers, they keep their text; with a point or exponent they are numbers.
    @Test func integersPastInt64StayExactText() throws {
        let ids = ["9300000000000000001", "9300000000000000002", "9300000000000000003"]
        let f = try column(ids)
        #expect(f.type == .string)
        #expect((0..<3).map { f.column.value(at: $0) } == ids.map { .string($0) })
        // After plain integers (an int column widens to text, not to double), and after decimals.
        #expect(try column(["1", "2"] + ids).type == .string)
        #expect(try column(["1.5", "9300000000000000001"]).type == .string)
        #expect(try column(["-9223372036854775809"]).type == .string)
        #expect(try column(["9223372036854775807", "-9223372036854775808"]).type == .int)
        // A point or an exponent makes a number, however long.
        #expect(try column(["9300000000000000001.0"]).type == .double)
        #expect(try column(["9.300000000000000001e18"]).type == .double)
    }

    /// Issue 18 item 7: offsets made the column text, and `Z` was dropped silently. Now the reader converts both
    /// to UTC, records which way the column was written, and notes it; a mix is kept and noted.
    @Test func datetimeZonesAreConvertedAndRecorded() throws {
        func load(_ values: [String]) throws -> (Field, [String]) {
            let loaded = try CSVLoader.loadWithNotes(
                bytes: Array(("at\n" + values.joined(separator: "\n") + "\n").utf8), path: "t.csv", tableName: "t")
            return (loaded.table.fields[0], loaded.notes)
        }
        let (offsets, offsetNotes) = try load([
            "2026-01-15T09:00:00+02:00", "2026-01-15T09:00:00Z", "2026-01-15 06:00:00-0100", "",
        ])
        #expect(offsets.type == .timestamp && offsets.info.timeZone == .utc)
        #expect(
            (0..<3).map { render(offsets.column.value(at: $0)) } == [
                "2026-01-15 07:00:00", "2026-01-15 09:00:00", "2026-01-15 07:00:00",
            ])
        #expect(offsetNotes == ["t: at has times with Z or a UTC offset, converted to UTC"])
        let (plain, plainNotes) = try load(["2026-01-15 09:00:00", "2026-01-15"])
        #expect(plain.info.timeZone == TimestampZone.none && plainNotes.isEmpty)
        let (mixed, mixedNotes) = try load(["2026-01-15T09:00:00Z", "2026-01-15 09:00:00"])
        #expect(mixed.info.timeZone == .mixed)
        #expect(render(mixed.column.value(at: 0)) == render(mixed.column.value(at: 1)))  // both kept as read
        #expect(mixedNotes.count == 1 && mixedNotes[0].contains("mixes times with Z or a UTC offset"))
    }

    @Test func decimals() throws {
        let f = try column(["12.5", "-0.25", "1e3", "2.5E-3", ".5"])
        #expect(f.type == .double)
        #expect(f.column.value(at: 2) == .double(1000))
        #expect(f.column.value(at: 3) == .double(0.0025))
        #expect(try column(["0.1"]).column.value(at: 0) == .double(0.1))
        #expect(try column(["3.141592653589793238462643"]).column.value(at: 0) == .double(3.141592653589793))
        #expect(try column(["1e400"]).type == .string)
        #expect(try column(["nan"]).type == .string)
        #expect(try column(["1.5 "]).type == .string)
    }

    @Test func mixedIntAndDoubleIsDouble() throws {
        let f = try column(["1", "2", "2.5", "", "4"])
        #expect(f.type == .double)
        #expect(cells(try loadCSV("v\n1\n2.5\n")) == [[.double(1)], [.double(2.5)]])
        #expect(f.column.value(at: 3) == .null)
    }

    @Test func money() throws {
        let f = try loadCSV("amount\n\"$12,500.00\"\n\"1,250\"\n€3.5\n£7\n-$4\n\"$-1,000,000\"\n").fields[0]
        #expect(f.type == .double)
        let expected: [Scalar] = [
            .double(12500), .double(1250), .double(3.5), .double(7), .double(-4), .double(-1_000_000),
        ]
        #expect((0..<6).map { f.column.value(at: $0) } == expected)
        // Money is always a number, even when every amount is whole.
        #expect(try loadCSV("amount\n$5\n$6\n").fields[0].type == .double)
        #expect(try loadCSV("v\n\"1,25\"\n").fields[0].type == .string)  // not a thousands group
        #expect(try loadCSV("v\n\"1,2345\"\n").fields[0].type == .string)
        #expect(try loadCSV("v\n\"12,500,00\"\n").fields[0].type == .string)
    }

    @Test func booleans() throws {
        let f = try column(["True", "False", "true", "FALSE", "yes", "No"])
        #expect(f.type == .bool)
        #expect(
            (0..<6).map { f.column.value(at: $0) } == [
                .bool(true), .bool(false), .bool(true), .bool(false), .bool(true), .bool(false),
            ])
        #expect(try column(["True", "1"]).type == .string)
        #expect(try column(["t", "f"]).type == .string)
    }

    @Test func dates() throws {
        let f = try column(["2026-03-01", "2024-02-29", ""])
        #expect(f.type == .date)
        #expect(render(f.column.value(at: 0)) == "2026-03-01")
        #expect(try column(["2026-03-01", "2026-02-30"]).type == .string)  // not a real day
        #expect(try column(["2023-02-29"]).type == .string)
        #expect(try column(["3/1/2026"]).type == .string)
    }

    @Test func datetimes() throws {
        let f = try column(["2024-01-01 10:00:00", "2024-01-01T10:00:00", "2024-04-27 04:51:50.980402"])
        #expect(f.type == .timestamp)
        #expect(render(f.column.value(at: 1)) == "2024-01-01 10:00:00")
        #expect(render(f.column.value(at: 2)) == "2024-04-27 04:51:50.980402")
    }

    @Test func mixedDateAndDatetimeIsDatetime() throws {
        for values in [["2024-01-01", "2024-01-02 03:04:05"], ["2024-01-02 03:04:05", "2024-01-01"]] {
            let f = try column(values)
            #expect(f.type == .timestamp)
        }
        let f = try column(["2024-01-01", "2024-01-02 03:04:05"])
        #expect(render(f.column.value(at: 0)) == "2024-01-01 00:00:00")
    }

    @Test func nullsAndAllNullColumns() throws {
        let t = try loadCSV("a,b\n1,\n,\n3,\n")
        #expect(schema(t) == ["a:int", "b:string"])
        #expect(t.fields[0].column.nullCount == 1)
        #expect(t.fields[1].column.nullCount == 3)
        #expect(try column(["", "5"]).column.value(at: 0) == .null)
    }

    @Test func wholeColumnRule() throws {
        // 99 dates and one text value: a string column, with every value kept as text.
        var values = (1...99).map { String(format2026: $0) }
        values.append("soon")
        let f = try column(values)
        #expect(f.type == .string)
        #expect(f.column.value(at: 0) == .string("2026-01-01"))
        #expect(f.column.value(at: 99) == .string("soon"))
        // A late text value after many integers re-reads the integers as their original text.
        let g = try column(["007x", "+5", "1.50"].reversed() + ["tbd"])
        #expect(
            (0..<4).map { g.column.value(at: $0) } == [.string("1.50"), .string("+5"), .string("007x"), .string("tbd")])
    }

    @Test func mixedTypesFallBackToString() throws {
        #expect(try column(["1", "true"]).type == .string)
        #expect(try column(["2024-01-01", "5"]).type == .string)
        #expect(try column(["yes", "2024-01-01"]).type == .string)
    }
}

extension String {
    /// `2026-01-DD` for day numbers 1...28, then into later months (test data only).
    init(format2026 n: Int) {
        let month = (n - 1) / 28 + 1
        let day = (n - 1) % 28 + 1
        self = "2026-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}

extension Field {
    var field: Column { column }
}

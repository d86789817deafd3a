import PipeQCore
import Testing

@testable import PipeQStorage

/// `ColumnRetyper` on small tables written inline; expected values are worked out by hand in the comments.
@Suite struct ColumnRetyperTests {
    @Test func plainFilePaysNothingAndChangesNothing() throws {
        let text = "name,stage,amount,close\nAcme,Prospecting,100,2024-01-02\nGlobex,Won,200.5,2024-02-03\n"
        let loaded = try CSVLoader.loadWithNotes(bytes: Array(text.utf8), path: "t.csv", tableName: "t")
        let (table, notes) = ColumnRetyper.retype(loaded.table, options: loaded.valueFormat)
        #expect(notes.isEmpty && loaded.notes.isEmpty)
        #expect(table === loaded.table)  // no text column fits a format: the same table comes back
    }

    @Test func namesColumnGivesUpAfterFourEntries() throws {
        let dictionary = StringDictionary(values: ["Acme", "Globex", "Initech", "Umbrella", "1", "2", "3"])
        let evidence = ColumnEvidence(dictionary, options: ValueFormatOptions(), format: nil)
        #expect(evidence.gaveUp)
        #expect(evidence.entries.count == 4)
    }

    /// Data Loader writes ISO datetimes with milliseconds and Z or an offset; all three are 14:07:33 UTC
    /// (09:07:33 at −05:00 is 14:07:33 UTC). The `""` row is null.
    @Test func isoDatetimesWithOffsetsBecomeUTC() throws {
        let (table, notes) = try retyped(
            """
            id,created_date
            1,2024-03-05T14:07:33.000Z
            2,2024-03-05T14:07:33.000+0000
            3,2024-03-05T09:07:33.000-05:00
            4,""
            """)
        #expect(
            columnCells(table, "created_date") == [
                "2024-03-05 14:07:33", "2024-03-05 14:07:33", "2024-03-05 14:07:33", nil,
            ])
        #expect(
            notes == [
                "t: created_date read as ISO datetimes (2024-03-05T14:07:33.000Z in row 1 → 2024-03-05 14:07:33; times with a UTC offset converted to UTC; \"\" in row 4 read as null)"
            ])
    }

    /// Issue 18 item 4: integers past Int64 stay text here too (not doubles), and grouped integers past 2^53 keep
    /// every digit.
    @Test func integersPastInt64StayTextAndLargeIntegersStayExact() throws {
        let (table, _) = try retyped(
            "id,n\n9300000000000000001,\"9,007,199,254,740,993\"\n9300000000000000002,\"9,223,372,036,854,775,807\"\n9300000000000000003,\"\"\n"
        )
        #expect(table.field(named: "id")?.type == .string)
        #expect(table.field(named: "n")?.type == .int)
        #expect(columnCells(table, "n") == ["9007199254740993", "9223372036854775807", nil])
        let (big, _) = try retyped("n\n\"1,000\"\n\"9,300,000,000,000,000,001\"\n\"\"\n")
        #expect(big.field(named: "n")?.type == .string)
    }

    /// Issue 18 item 7: in a text column too, a mix of zoned and unzoned datetimes is kept and said.
    @Test func mixedZonesInATextColumnAreNoted() throws {
        let (table, notes) = try retyped("id,at\n1,2024-03-05T14:07:33Z\n2,2024-03-05 14:07:33\n3,\"\"\n")
        #expect(table.field(named: "at")?.info.timeZone == .mixed)
        #expect(columnCells(table, "at") == ["2024-03-05 14:07:33", "2024-03-05 14:07:33", nil])
        #expect(notes.contains { $0.contains("times without taken as written: the column mixes both") })
        let (utc, _) = try retyped("id,at\n1,2024-03-05T14:07:33Z\n2,\"\"\n")
        #expect(utc.field(named: "at")?.info.timeZone == .utc)
    }

    /// One `""` used to make the whole money column text; now it is a null.
    @Test func emptyStringAmongAmountsIsNull() throws {
        let (table, notes) = try retyped("deal,amount\na,\"$1,200.00\"\nb,\"\"\nc,\"  \"\nd,$50\n")
        #expect(table.field(named: "amount")?.type == .double)
        #expect(columnCells(table, "amount") == ["1200.0", nil, nil, "50.0"])
        #expect(notes == ["t: amount read as money (\"\" in row 2 and other blank values read as null)"])
    }

    @Test func accountingCurrencyCodesAndGrouping() throws {
        // (1,200.00) → −1200; USD 1,200.00 → 1200; 1'234.50 → 1234.5; ¥500 → 500; -$7.25 → −7.25
        let (table, _) = try retyped(
            "a,b,c,d,e\n\"(1,200.00)\",\"USD 1,200.00\",1'234.50,¥500,-$7.25\n10,USD 3,2,¥1,$-1\n")
        #expect(columnCells(table, "a") == ["-1200.0", "10.0"])
        #expect(columnCells(table, "b") == ["1200.0", "3.0"])
        #expect(columnCells(table, "c") == ["1234.5", "2.0"])
        #expect(columnCells(table, "d") == ["500.0", "1.0"])
        #expect(columnCells(table, "e") == ["-7.25", "-1.0"])
    }

    @Test func numberReaderShapes() {
        func read(_ s: String, _ decimal: Character) -> Double? {
            var s = s
            return s.withUTF8 { NumberReader.read($0, decimal: decimal.asciiValue!)?.value }
        }
        #expect(read("12.500,50", ",") == 12500.5)
        #expect(read("12.500,50", ".") == nil)
        #expect(read("1\u{00A0}234,5", ",") == 1234.5)  // no-break space groups
        #expect(read("1\u{202F}234,5", ",") == 1234.5)  // narrow no-break space groups
        #expect(read("1.200,00 EUR", ",") == 1200)
        #expect(read("1.200,00EUR", ",") == 1200)
        #expect(read("12,5 %", ",") == 0.125)
        #expect(read("08123", ".") == nil)  // a code, not a number
        #expect(read("0,5", ",") == 0.5)
        #expect(read("1,2,3", ".") == nil)  // groups after the first need three digits
        #expect(read("1.234 567", ",") == nil)  // two kinds of grouping
        #expect(read("$ 12", ".") == 12)
        #expect(read("12 $", ".") == 12)
        #expect(read("(-5)", ".") == nil)
        #expect(read("USD", ".") == nil)
        #expect(read("%", ".") == nil)
    }

    @Test func textReasonForAFewOddValues() throws {
        let (table, notes) = try retyped("id,amount\n1,100\n2,200\n3,n/a\n4,300\n5,400\n")
        #expect(table.field(named: "amount")?.type == .string)
        #expect(table.field(named: "amount")?.info.textReason == "text because row 3 holds \"n/a\"")
        #expect(notes == ["t: amount stays text because row 3 holds \"n/a\""])
        // Mostly text: no reason.
        let (names, none) = try retyped("id,who\n1,ann\n2,bob\n3,5\n4,cy\n")
        #expect(names.field(named: "who")?.info.textReason == nil)
        #expect(none.isEmpty)
    }

    @Test func contradictionsStayText() throws {
        // "1,5" needs a decimal comma; "1,250.5" a decimal point.
        let (a, notesA) = try retyped("id,x\n1,\"1,5\"\n2,\"1,250.5\"\n")
        #expect(a.field(named: "x")?.type == .string)
        #expect(
            notesA == [
                "t: x stays text because 1,5 (row 1) reads only with a decimal comma and 1,250.5 (row 2) only with a decimal point; choose one with --decimal . or --decimal ,"
            ])
        let (b, notesB) = try retyped("id,p\n1,10%\n2,15\n")
        #expect(b.field(named: "p")?.type == .string)
        #expect(
            notesB == ["t: p stays text because it mixes percentages (10% in row 1) and plain numbers (15 in row 2)"])
        let (c, notesC) = try retyped("id,m\n1,USD 5\n2,EUR 6\n")
        #expect(c.field(named: "m")?.type == .string)
        #expect(
            notesC == [
                "t: m stays text because it mixes currencies (USD, EUR); sum each currency apart, or convert them before loading"
            ])
    }

    /// In a `;` file the CSV reader keeps `1,250` as text (not 1250); the retyper reads it as 1.25.
    /// In a `,` file, a quoted "1,250" is still 1250 straight from the reader.
    @Test func decimalCommaFlagKeepsCommaNumbersForTheRetyper() throws {
        let semicolon = try loadCSV("id;v\n1;1,250\n2;3,5\n")
        #expect(semicolon.field(named: "v")?.type == .string)
        let (typed, _) = try retyped("id;v\n1;1,250\n2;3,5\n")
        #expect(columnCells(typed, "v") == ["1.25", "3.5"])
        let comma = try loadCSV("id,v\n1,\"1,250\"\n2,3\n")
        #expect(columnCells(comma, "v") == ["1250.0", "3.0"])
        // --decimal , on a comma file: "1,250" is 1.25.
        var options = CSVLoader.Options()
        options.valueFormat.decimal = UInt8(ascii: ",")
        let (forced, _) = try retyped("id,v\n1,\"1,250\"\n2,3\n", options: options)
        #expect(columnCells(forced, "v") == ["1.25", "3.0"])  // one value has a fraction: a number column
        // A ;-file that writes decimal points: 12.5 reads as 12.5, with no note (the reader would have read it so).
        let (points, notes) = try retyped("id;v\n1;12.5\n2;0.25\n")
        #expect(columnCells(points, "v") == ["12.5", "0.25"])
        #expect(notes.isEmpty)
    }

    /// In a `;` file a dot that could group thousands (`1.250`) is left to the retyper; other dots read at once.
    @Test func thousandsDotsInSemicolonFiles() throws {
        let raw = try loadCSV("id;a;b;c\n1;1.250;12.5;1234.567\n2;2.000;0.250;3\n3;750;1;4\n")
        #expect(schema(raw) == ["id:int", "a:string", "b:double", "c:double"])
        // a: every value reads either way; a ;-file takes the comma as decimal, so 1.250 is 1250.
        let (a, notes) = try retyped("id;a\n1;1.250\n2;2.000\n3;750\n")
        #expect(columnCells(a, "a") == ["1250", "2000", "750"])
        #expect(
            notes == [
                "t: a read as numbers with a decimal comma (1.250 in row 1 → 1250; values such as 1.250 read either way; in a ;-delimited file the comma is taken as the decimal separator (--decimal . says otherwise))"
            ])
        // 12.5 only reads with a decimal point, so the whole column does: 1.250 is 1.25.
        let (b, _) = try retyped("id;b\n1;12.5\n2;1.250\n")
        #expect(columnCells(b, "b") == ["12.5", "1.25"])
    }

    @Test func explicitDateFormats() throws {
        var options = CSVLoader.Options()
        options.valueFormat.dateFormat = "%d.%m.%Y %H:%M"
        let (a, _) = try retyped("id,t\n1,05.03.2024 14:05\n2,2024-03-06\n", options: options)
        #expect(columnCells(a, "t") == ["2024-03-05 14:05:00", "2024-03-06 00:00:00"])
        options.valueFormat.dateFormat = "%Y-%m-%d %I:%M %p"
        let (b, _) = try retyped("id,t\n1,2024-03-05 12:30 AM\n2,2024-03-05 1:15 pm\n", options: options)
        #expect(columnCells(b, "t") == ["2024-03-05 00:30:00", "2024-03-05 13:15:00"])
        // A date-only format still takes a time after the date.
        options.valueFormat.dateFormat = "%m/%d/%Y"
        let (c, _) = try retyped("id,t\n1,5/1/2024 9:12 AM\n2,5/2/2024\n", options: options)
        #expect(columnCells(c, "t") == ["2024-05-01 09:12:00", "2024-05-02 00:00:00"])
    }

    @Test func dateFormatErrors() {
        func message(_ f: String) -> String? {
            if case .failure(let e) = DateFormat.parse(f) { return e.message }
            return nil
        }
        #expect(message("%m/%d/%Y") == nil)
        #expect(message("%m/%q/%Y") == "unknown directive %q in date format \"%m/%q/%Y\"")
        #expect(message("%m/%Y") == "date format \"%m/%Y\" needs a year (%Y), a month (%m) and a day (%d)")
        #expect(message("%m/%d/%Y %I:%M") == "date format \"%m/%d/%Y %I:%M\": %I (12-hour) and %p (AM/PM) go together")
    }

    @Test func localDateShapes() {
        func read(_ s: String) -> DateReader.Value? {
            var s = s
            return s.withUTF8 { DateReader.read($0) }
        }
        let day = CivilTime.microsPerDay
        // 2025-01-13 is day 20101 since 1970 (2025-01-01 is 20089).
        #expect(read("1/13/2025")?.monthFirst == 20101 * day)
        #expect(read("1/13/2025")?.dayFirst == nil)
        #expect(read("13.01.2025")?.dayFirst == 20101 * day)
        #expect(read("1.2.2025")?.isFixed == true)  // dots: day first only
        #expect(read("2025/01/13")?.monthFirst == 20101 * day)
        #expect(read("13-1-2025")?.dayFirst == 20101 * day)
        #expect(read("1/13/2025 12:00 AM")?.monthFirst == 20101 * day)
        #expect(read("1/13/2025 13:00 PM") == nil)
        #expect(read("2/30/2025") == nil)
        #expect(read("1/13/25") == nil)
    }
}

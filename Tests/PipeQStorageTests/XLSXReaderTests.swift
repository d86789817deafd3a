import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// The .xlsx reader against workbooks written by scripts/make-xlsx-fixtures.py (openpyxl): every
/// expected value below is one that script wrote (its comments name each), not pipeq's own output.
@Suite struct XLSXReaderTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/xlsx/\(name)", withExtension: "xlsx")).path
    }

    static func sheets(_ name: String) throws -> [String: String] {
        let sheets = try XLSXReader.sheets(path: try fixture(name))
        return Dictionary(uniqueKeysWithValues: sheets.map { ($0.name, String(decoding: $0.csv, as: UTF8.self)) })
    }

    static func error(_ name: String) throws -> Diagnostic? {
        let path = try fixture(name)
        do {
            _ = try XLSXReader.sheets(path: path)
            return nil
        } catch {
            #expect(error.phase == .data)
            #expect(error.location == .file(path: path, line: 1, column: 1))
            return error
        }
    }

    // MARK: Workbooks

    /// Two sheets with data in workbook order, the third ("Notes", one formatted cell and no value)
    /// skipped; "Deals" is stored in sheet2.xml and "Sales Reps" in sheet1.xml, so only following the
    /// relationships gets them right.
    @Test func sheetsInWorkbookOrderThroughTheirRelationships() throws {
        let sheets = try XLSXReader.sheets(path: try Self.fixture("pipeline"))
        #expect(sheets.map(\.name) == ["Deals", "Sales Reps"])
        #expect(String(decoding: sheets[0].csv, as: UTF8.self).hasPrefix("Deal ID,"))
    }

    /// The script's Deals rows: shared strings with a comma, quotes and entities; a built-in date
    /// format (14), a custom datetime format (midnight still shows its time), 0.00% and "$"#,##0 staying
    /// numbers, booleans, and formulas (=C2*2) read from their cached values.
    @Test func typedColumnsAsCSV() throws {
        let csv = try #require(try Self.sheets("pipeline")["Deals"])
        #expect(
            csv == """
                Deal ID,Account,Amount,Close Date,Created At,Win Rate,Price,Won,Total
                1,"Acme, Inc.",1250.5,2024-03-15,2024-03-01 09:30:00,0.25,1200,true,2501
                2,"Quote ""Q"" Ltd",300,2024-12-31,2024-02-29 23:59:59,0.5,99,false,600
                3,AT&T <Mobility>,0.1,2025-01-01,2025-01-01 00:00:00,1,5000,true,0.2

                """)
    }

    /// Rich text runs joined ("Top " + bold "seller"), a line break (quoted), whitespace kept
    /// (xml:space="preserve"), a phonetic guide left out, and the escapes _x0009_ (a tab) and
    /// _x005F_x0041_ (a literal "_x0041_"), as ECMA-376 defines ST_Xstring.
    @Test func sharedStringsRichTextAndEscapes() throws {
        let csv = try #require(try Self.sheets("pipeline")["Sales Reps"])
        #expect(
            csv == "Rep,Region,Note\nAna Lima,West,Top seller\nBo Chen,East,\"Line1\nLine2\"\n"
                + "Cy Diaz,  North  ,漢字\nDi Eve,Tab\tRegion,_x0041_ literal\n")
    }

    /// Inline strings, rich text, a header gap (D1) and a value past the header (F5) both named
    /// column_N, rows with no cells (3, 7–9) kept as empty fields, an error (#N/A) empty, a text
    /// formula's cached result, 0.1 + 0.2, 1e-05 and 2.5e20 in their shortest round-trip forms (Python's
    /// repr gives the same), 2.0 without ".0", and the formatted empty rows 11–13 dropped.
    @Test func sparseCellsAndCellTypes() throws {
        let csv = try #require(try Self.sheets("cells")["Cells"])
        #expect(
            csv == """
                Name,Flag,Score,column_4,Result,column_6
                alpha,true,1.5,,,
                ,,,,,
                xy,false,0.30000000000000004,,alpha!,
                R&D <team>,,2,,,beyond
                 spaced ,,1e-05,,,
                ,,,,,
                ,,,,,
                ,,,,,
                big,,2.5e+20,,,

                """)
    }

    /// A one-column sheet's empty row is an empty line, which the CSV loader reads as a null.
    @Test func singleColumnWithAnEmptyRow() throws {
        let sheets = try Self.sheets("cells")
        let csv = try #require(sheets["Single"])
        #expect(csv == "Only\nx\n\ny\n")
        let table = try CSVLoader.load(bytes: Array(csv.utf8), path: "cells.xlsx", tableName: "cells_single")
        #expect(table.rowCount == 3)
        #expect((0..<3).map { cell(table, "only", $0) } == ["x", nil, "y"])
    }

    /// Leading empty rows are not part of the table; cells keep their columns (B3 is the second field).
    @Test func tableNotAtA1() throws {
        #expect(try Self.sheets("cells")["Offset"] == "column_1,Head,Second\n,1,2\n")
    }

    /// Each row of the script's FORMATS table: the value's text under its number format.
    @Test func numberFormatsDecideDates() throws {
        let csv = try #require(try Self.sheets("formats")["Formats"])
        let expected: [(String, String)] = [
            ("dmy", "2024-07-04"), ("us datetime", "2024-07-04 15:45:00"), ("locale long", "2023-11-05"),
            ("month year", "2024-02-01"), ("builtin 22", "2024-01-01 00:00:00"),
            ("date with time", "2024-05-06 12:00:00"),
            ("time", "13:30:00"), ("percent", "0.125"), ("dollars", "1500"), ("quoted days", "3.5"), ("escaped d", "7"),
            ("red", "-2.5"), ("general", "42"), ("serial 1", "1900-01-01"), ("serial 59", "1900-02-28"),
            ("serial 60", "1900-02-28"), ("serial 61", "1900-03-01"),
        ]
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Label,Value")
        #expect(Array(lines.dropFirst()) == expected.map { "\($0.0),\($0.1)" }[...] + [""])
    }

    /// date1904: serial 0 is 1904-01-01 (the script wrote 2024-01-15, 2024-01-15 08:00, 1904-01-01 and
    /// 1904-01-02 06:00, stored as 43844, 43844.333…, 0 and 1.25).
    @Test func dateSystem1904() throws {
        let csv = try #require(try Self.sheets("mac1904")["Mac"])
        #expect(csv == "Day,At\n2024-01-15,2024-01-15 08:00:00\n1904-01-01,1904-01-02 06:00:00\n")
    }

    /// The Deals CSV through the CSV loader: the types every CSV gets, from the reader's text.
    @Test func sheetLoadsWithInferredTypes() throws {
        let sheet = try #require(try XLSXReader.sheets(path: try Self.fixture("pipeline")).first)
        let table = try CSVLoader.load(bytes: sheet.csv, path: "pipeline.xlsx", tableName: "pipeline_deals")
        #expect(
            schema(table) == [
                "deal_id:int", "account:string", "amount:double", "close_date:date", "created_at:timestamp",
                "win_rate:double", "price:int", "won:bool", "total:double",
            ])
        #expect(table.rowCount == 3)
        #expect(cell(table, "close_date", 1) == "2024-12-31")
        #expect(cell(table, "created_at", 1) == "2024-02-29 23:59:59")
        #expect(cell(table, "account", 2) == "AT&T <Mobility>")
    }

    // MARK: Files that are not workbooks

    @Test func notAZip() throws {
        let error = try #require(try Self.error("not-a-zip"))
        #expect(error.message.contains("not a zip archive"))
        #expect(error.hint?.contains("save it as .xlsx or CSV") == true)
    }

    @Test func legacyXLSRenamed() throws {
        let error = try #require(try Self.error("legacy-xls"))
        #expect(error.message.contains("Excel 97-2003 (.xls)"))
        #expect(error.hint?.contains("save it as .xlsx or CSV") == true)
    }

    /// msoffcrypto-tool's encryption, as Office's: an OLE file holding an EncryptedPackage stream.
    @Test func passwordProtected() throws {
        let error = try #require(try Self.error("encrypted"))
        #expect(error.message.contains("password-protected"))
        #expect(error.message.contains("not a zip"))
        #expect(error.hint?.contains("remove the password") == true)
    }

    @Test func zipWithoutWorkbook() throws {
        let error = try #require(try Self.error("not-a-workbook"))
        #expect(error.message == "not an .xlsx workbook: it is a zip archive with no workbook in it")
    }

    /// The script deleted xl/worksheets/sheet2.xml (sheet "Lost") from the zip.
    @Test func missingSheetPart() throws {
        let error = try #require(try Self.error("missing-part"))
        #expect(error.message.contains("no part xl/worksheets/sheet2.xml"))
        #expect(error.message.contains("\"Lost\""))
    }

    /// The script changed one digit of the stored sheet after zipping.
    @Test func damagedPart() throws {
        let error = try #require(try Self.error("damaged"))
        #expect(error.message == "xl/worksheets/sheet1.xml in the workbook is damaged (its checksum does not match)")
    }

    /// The script cut the sheet's XML off inside the start tag of cell A2.
    @Test func malformedXML() throws {
        let error = try #require(try Self.error("malformed"))
        #expect(
            error.message.hasPrefix(
                "xl/worksheets/sheet1.xml in the workbook is not well-formed XML: a start tag is not closed"))
    }

    /// The CRC-32 check value of "123456789" is CBF43926 (the zip format's CRC, in every CRC catalogue),
    /// and a long input exercises the eight-byte steps.
    @Test func checksum() {
        #expect(Array("123456789".utf8).withUnsafeBufferPointer { XLSXChecksum.crc32($0) } == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBufferPointer { XLSXChecksum.crc32($0) } == 0)
        // Byte-at-a-time reference (the polynomial's definition) against the sliced version.
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        #expect(bytes.withUnsafeBufferPointer { XLSXChecksum.crc32($0) } == ~crc)
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: Diagnostic.self) { try XLSXReader.sheets(path: "/nonexistent/book.xlsx") }
    }

    // MARK: Pieces

    /// Format codes from ECMA-376's built-in table and common custom ones.
    @Test(arguments: [
        ("dd/mm/yyyy", XLSXDateKind.date), ("m/d/yy h:mm AM/PM", .dateTime), ("[$-409]mmmm d, yyyy", .date),
        ("yyyy-mm-dd hh:mm:ss", .dateTime), ("h:mm:ss", .time), ("mm:ss.0", .time), ("[h]:mm:ss", .time),
        ("mmm-yy", .date), ("0.00%", XLSXDateKind.none), ("\"$\"#,##0", .none), ("#,##0.00 \"days\"", .none),
        ("0\\d", .none), ("[Red]0.00;[Blue]-0.00", .none), ("General", .none),
        ("_(* #,##0_);_(* (#,##0);_(* \"-\"_)", .none),
        ("0.00E+00", .none), ("@", .none), ("yyyy\"年\"m\"月\"d\"日\"", .date), ("0;[h]:mm", .none),
    ])
    func formatCodes(code: String, kind: XLSXDateKind) {
        #expect(XLSXDateKind.of(formatCode: code) == kind, "\(code)")
    }

    @Test func builtInFormats() {
        #expect((14...17).allSatisfy { XLSXDateKind.builtIn($0) == .date })
        #expect(XLSXDateKind.builtIn(22) == .dateTime)
        #expect([18, 19, 20, 21, 45, 46, 47].allSatisfy { XLSXDateKind.builtIn($0) == .time })
        #expect([0, 1, 2, 9, 10, 11, 12, 13, 37, 44, 49].allSatisfy { XLSXDateKind.builtIn($0) == .none })
    }

    /// Hand-computed: 45000 is 2023-03-15 (45000 − 25569 = 19431 days after 1970-01-01); 0.75 of a day
    /// is 18:00; in 1904, serial 0 is 1904-01-01.
    @Test func serialDates() {
        func text(_ serial: Double, _ kind: XLSXDateKind, _ date1904: Bool = false) -> String? {
            var out: [UInt8] = []
            return XLSXSerialDate.append(serial, kind: kind, date1904: date1904, to: &out)
                ? String(decoding: out, as: UTF8.self) : nil
        }
        #expect(text(45000, .date) == "2023-03-15")
        #expect(text(45000.75, .date) == "2023-03-15 18:00:00")
        #expect(text(45000, .dateTime) == "2023-03-15 00:00:00")
        #expect(text(0.75, .time) == "18:00:00")
        #expect(text(1.75, .time) == "1900-01-01 18:00:00")
        #expect(text(0, .date, true) == "1904-01-01")
        #expect(text(45000.999999, .date) == "2023-03-16")  // rounds to the nearest second
        #expect(text(1e9, .date) == nil)
    }

    @Test func cellReferences() {
        #expect(XLSXCellReference.column("A1") == 0)
        #expect(XLSXCellReference.column("Z9") == 25)
        #expect(XLSXCellReference.column("AA10") == 26)
        #expect(XLSXCellReference.column("XFD1048576") == 16383)
        #expect(XLSXCellReference.column("XFE1") == nil)
        #expect(XLSXCellReference.column("12") == nil)
        #expect(XLSXCellReference.name(column: 27, row: 3) == "AB3")
    }

    /// XML entities and character references, line ends, then Office escapes (surrogate pairs too).
    @Test func textDecoding() {
        func decode(_ raw: String) -> String {
            var out: [UInt8] = []
            Array(raw.utf8).withUnsafeBufferPointer { XMLText.appendDecoded($0, to: &out) }
            XMLText.unescapeOffice(&out, from: 0)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(decode("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;") == "a <b> & \"c\" 'd'")
        #expect(decode("&#65;&#x42;&#x1F600;") == "AB😀")
        #expect(decode("&unknown; & alone") == "&unknown; & alone")
        #expect(decode("one\r\ntwo\rthree") == "one\ntwo\nthree")
        #expect(decode("_x000D__x000A_") == "\r\n")
        #expect(decode("_xD83D__xDE00_") == "😀")
        #expect(decode("_x005F_x0041_ and _x0041_") == "_x0041_ and A")
        #expect(decode("_xZZZZ_ _x12_") == "_xZZZZ_ _x12_")
    }

    @Test func numberText() {
        func text(_ raw: String) -> String? {
            var out: [UInt8] = []
            let ok = Array(raw.utf8).withUnsafeBufferPointer { XLSXNumberText.append($0, to: &out) }
            return ok ? String(decoding: out, as: UTF8.self) : nil
        }
        #expect(text("42") == "42")
        #expect(text("-7") == "-7")
        #expect(text("5.0") == "5")
        #expect(text("-0") == "0")
        #expect(text("1.0000000000000001E-2") == "0.01")
        #expect(text("0.30000000000000004") == "0.30000000000000004")
        #expect(text("1E+16") == "1e+16")
        #expect(text("007") == "7")
        #expect(text("abc") == nil)
    }
}

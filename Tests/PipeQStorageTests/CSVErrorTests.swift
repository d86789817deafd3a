import PipeQCore
import Testing

@testable import PipeQStorage

/// Malformed input: exact messages and positions, never a crash or a dropped row.
@Suite struct CSVErrorTests {
    func expectError(
        _ d: Diagnostic?, _ message: String, line: Int, column: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(d?.phase == .data, sourceLocation: sourceLocation)
        #expect(d?.message == message, sourceLocation: sourceLocation)
        #expect(d?.location == .file(path: "t.csv", line: line, column: column), sourceLocation: sourceLocation)
    }

    @Test func unterminatedQuote() {
        expectError(
            loadError("id,name,note\n1,x,y\n2,abcdefgh,\"unterminated\n3,a,b\n"),
            "unterminated quoted field (opened at line 3, column 12)", line: 3, column: 12)
        expectError(loadError("a\n\""), "unterminated quoted field (opened at line 2, column 1)", line: 2, column: 1)
    }

    @Test func tooManyFields() {
        expectError(
            loadError("a,b,c,d\n1,2,3,4\n1,2,3,4,5\n"),
            "row has 5 fields, expected 4 (header has 4 columns)", line: 3, column: 9)
        expectError(
            loadError("a,b\n1,2,\"x\",4\n"), "row has 4 fields, expected 2 (header has 2 columns)", line: 2, column: 5)
    }

    @Test func tooFewFields() {
        expectError(
            loadError("a,b,c,d\n1,2,3,4\n1,2,3\n"),
            "row has 3 fields, expected 4 (header has 4 columns)", line: 3, column: 6)
        expectError(
            loadError("a,b,c,d\r\n1,2,3\r\n"),
            "row has 3 fields, expected 4 (header has 4 columns)", line: 2, column: 6)
        expectError(loadError("a,b\n1,2\n3"), "row has 1 field, expected 2 (header has 2 columns)", line: 3, column: 2)
    }

    @Test func blankLineInTheMiddle() {
        let d = loadError("a,b\n1,2\n\n3,4\n")
        expectError(d, "row has 1 field, expected 2 (header has 2 columns)", line: 3, column: 1)
        #expect(d?.hint == "the line is empty")
    }

    @Test func multiLineQuotedFieldsCountPhysicalLines() {
        expectError(
            loadError("a,b\n\"x\ny\nz\",1\n2,3,4\n"),
            "row has 3 fields, expected 2 (header has 2 columns)", line: 5, column: 5)
        expectError(
            loadError("a,b\n\"x\r\ny\",1\n2,\"3\"x\n"), "unexpected character after closing quote", line: 4, column: 6)
    }

    @Test func textAfterClosingQuote() {
        expectError(loadError("a,b\n1,\"x\"y\n"), "unexpected character after closing quote", line: 2, column: 6)
        expectError(loadError("a,b\n\"x\" ,1\n"), "unexpected character after closing quote", line: 2, column: 4)
    }

    /// With the encoding forced to UTF-8 (automatic falls back to Windows-1252; see EncodingTests).
    @Test func invalidUTF8() {
        let utf8 = CSVLoader.Options(encoding: .utf8)
        let bytes = Array("a,b\n1,é".utf8) + [0xFF] + Array("\n".utf8)
        expectError(loadError(bytes, options: utf8), "invalid UTF-8 byte 0xFF", line: 2, column: 4)
        // Automatic: the é is UTF-8, so reading the file as Windows-1252 would garble it.
        expectError(
            loadError(bytes), "the file mixes encodings: byte 0xFF is not UTF-8, but line 2 holds UTF-8 text", line: 2,
            column: 4)
        // A truncated sequence and an overlong encoding.
        expectError(
            loadError(Array("a\n".utf8) + [0xE2, 0x82], options: utf8), "invalid UTF-8 byte 0xE2", line: 2, column: 1)
        expectError(
            loadError(Array("a\nxy".utf8) + [0xC0, 0xAF], options: utf8), "invalid UTF-8 byte 0xC0", line: 2, column: 3)
    }

    @Test func nulByte() {
        expectError(
            loadError(Array("a,b\n1,".utf8) + [0, 0x41] + Array("\n".utf8)),
            "file looks binary (NUL byte)", line: 2, column: 3)
    }

    @Test func emptyFile() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array("\n\r\n".utf8)] {
            expectError(loadError(bytes), "file is empty: no header row", line: 1, column: 1)
        }
    }

    @Test func duplicateColumnNames() {
        expectError(
            loadError("id,name,value,a,b,c,Value\n"),
            "duplicate column name \"value\" (columns 3 and 7)", line: 1, column: 21)
        expectError(
            loadError("Deal Owner,deal_owner\n"),
            "duplicate column name \"deal_owner\" (columns 1 and 2)", line: 1, column: 12)
    }

    @Test func errorsInHeader() {
        expectError(loadError("a,\"b\n"), "unterminated quoted field (opened at line 1, column 3)", line: 1, column: 3)
    }

    @Test func missingFile() {
        do {
            _ = try CSVLoader.load(path: "/nonexistent/pipeq-test.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.phase == .io)
            #expect(error.message.hasPrefix("cannot read /nonexistent/pipeq-test.csv"))
        }
    }
}

import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// CSV input that must load or fail with a clear message — never crash or hang (issue 7).
@Suite struct HostileCSVTests {
    @Test func fiftyMegabyteField() throws {
        let big = String(repeating: "x", count: 50_000_000)
        for quoted in [true, false] {
            let field = quoted ? "\"\(big)\"" : big
            let table = try loadCSV("id,note\n1,\(field)\n2,short\n")
            #expect(table.rowCount == 2)
            #expect(cell(table, "note", 0)?.utf8.count == 50_000_000)
            #expect(cell(table, "note", 1) == "short")
        }
        // And split across parallel chunks.
        let table = try loadCSV(
            "id,note\n1,\"\(big)\"\n2,short\n", options: .init(maxThreads: 4, parallelThreshold: 1024))
        #expect(table.rowCount == 2)
        #expect(cell(table, "note", 1) == "short")
    }

    @Test func nulBytesAreABinaryFileError() {
        #expect(
            loadError(Array("id,name\n1,a".utf8) + [0] + Array("b\n".utf8))?.message == "file looks binary (NUL byte)")
        #expect(
            loadError(Array("id,\"na".utf8) + [0] + Array("me\"\n1,2\n".utf8))?.message
                == "file looks binary (NUL byte)")
    }

    /// The text check skips clean 64-byte blocks: a NUL, a stray continuation byte or a cut-off sequence is
    /// still found at its exact offset wherever it falls in or after those blocks, and valid multi-byte text
    /// anywhere passes.
    @Test func textCheckFindsTheFirstProblemPastCleanBlocks() {
        for offset in [0, 1, 63, 64, 65, 127, 128, 200, 299] {
            for (bad, expected) in [
                ([UInt8(0)], CSVFailure.nulByte(at: offset)), ([0x80], .invalidUTF8(at: offset)),
                ([0xE2, 0x82], .invalidUTF8(at: offset)),
            ] {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 300)
                bytes.replaceSubrange(offset..<min(300, offset + bad.count), with: bad)
                let found = bytes.withUnsafeBufferPointer { CSVTextValidator.firstProblem(in: $0, range: 0..<$0.count) }
                #expect(found.map { String(describing: $0) } == String(describing: expected), "\(bad) at \(offset)")
            }
            var text = [UInt8](repeating: UInt8(ascii: "a"), count: 300)
            text.replaceSubrange(offset..<min(300, offset + 3), with: Array("€".utf8).prefix(300 - offset))
            let clean = offset + 3 <= 300
            let found = text.withUnsafeBufferPointer { CSVTextValidator.firstProblem(in: $0, range: 0..<$0.count) }
            #expect((found == nil) == clean, "€ at \(offset)")
        }
    }

    @Test func invalidUTF8IsAnError() {
        let error = loadError(Array("id,name\n1,caf".utf8) + [0xE9] + Array("\n".utf8), options: .init(encoding: .utf8))
        #expect(error?.message == "invalid UTF-8 byte 0xE9")
        #expect(error?.location == .file(path: "t.csv", line: 2, column: 6))
    }

    @Test func emojiInHeadersAndValues() throws {
        let table = try loadCSV("id,🚀 Launch Date,Owner 👩‍💻,🚀\n1,2026-01-02,Ana 🚀,x\n2,2026-01-03,Li,y\n")
        #expect(table.fields.map(\.name) == ["id", "launch_date", "owner", "column_4"])
        #expect(table.fields[1].info.header == "🚀 Launch Date")
        #expect(table.fields[1].type == .date)
        #expect(cell(table, table.fields[2].name, 0) == "Ana 🚀")
        #expect(Set(table.fields.map(\.name)).count == 4)
    }

    @Test func numbersPastInt64AndDoubleRangesStayText() throws {
        let table = try loadCSV(
            "a,b,c,d\n1,99999999999999999999,1e400,9223372036854775807\n2,3,2.5,-9223372036854775808\n")
        #expect(table.field(named: "a")?.type == .int)
        #expect(table.field(named: "b")?.type == .string)
        #expect(cell(table, "b", 0) == "99999999999999999999")
        #expect(table.field(named: "c")?.type == .string)
        #expect(table.field(named: "d")?.type == .int)
        #expect(cell(table, "d", 0) == "9223372036854775807")
        #expect(cell(table, "d", 1) == "-9223372036854775808")
    }

    @Test func impossibleDatesStayText() throws {
        let table = try loadCSV("id,d,e\n1,0000-00-00,2026-01-01\n2,2026-02-30,2026-02-28\n3,2026-01-01,\n")
        #expect(table.field(named: "d")?.type == .string)
        #expect(cell(table, "d", 1) == "2026-02-30")
        #expect(table.field(named: "e")?.type == .date)
    }
}

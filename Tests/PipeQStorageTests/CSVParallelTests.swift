import Foundation
import Testing

@testable import PipeQStorage

/// Chunked parsing must give exactly the single-threaded table.
@Suite struct CSVParallelTests {
    /// Rows mixing every feature; column types change late (int → double, date → datetime,
    /// int → string) so chunks disagree and must be reconciled.
    static func sample(rows: Int, multiLine: Bool = true) -> String {
        var text = "id,name,amount,flag,day,code,note\n"
        for i in 0..<rows {
            let amount = i == rows - 3 ? "2.5" : String(i * 7)
            let day = i == rows / 2 + 1 ? "2024-05-06 07:08:09" : "2024-01-\(10 + i % 19)"
            let code = i == rows - 1 ? "X-\(i)" : String(i % 5 == 0 ? 0 : 1000 + i)
            let note: String
            switch i % 6 {
            case 0: note = ""
            case 1: note = "\"\""
            case 2: note = multiLine ? "\"multi\nline \(i)\"" : "\"one line \(i)\""
            case 3: note = "\"say \"\"\(i)\"\"\""
            case 4: note = "plain \(i % 13)"
            default: note = multiLine ? "\"a,b\r\nc\"" : "\"a,b c\""
            }
            text += "\(i),name \(i % 97),\(amount),\(i % 2 == 0 ? "True" : "False"),\(day),\(code),\(note)\n"
        }
        return text
    }

    @Test(arguments: [(2, false), (2, true), (3, true), (7, true)])
    func chunkedEqualsSingleThreaded(threads: Int, multiLine: Bool) throws {
        let text = Self.sample(rows: 3000, multiLine: multiLine)
        let single = try loadCSV(text, options: .init(maxThreads: 1))
        let multi = try loadCSV(text, options: .init(maxThreads: threads, parallelThreshold: 0))
        #expect(
            schema(single) == [
                "id:int", "name:string", "amount:double", "flag:bool", "day:timestamp", "code:string", "note:string",
            ])
        #expect(schema(multi) == schema(single))
        #expect(multi.rowCount == 3000)
        #expect(cells(multi) == cells(single))
        for (a, b) in zip(single.fields, multi.fields) {
            #expect(a.column.nullCount == b.column.nullCount)
            // Same dictionary in the same (first-appearance) order, so same codes: nothing depends on threads.
            if case .string(let codesA, let dictA) = a.column.values,
                case .string(let codesB, let dictB) = b.column.values
            {
                #expect(dictA.values == dictB.values, "dictionary of \(a.info.name) differs")
                let rows = (0..<codesA.count).filter { !a.column.isNull($0) }  // a null row's code means nothing
                #expect(rows.map { codesA[$0] } == rows.map { codesB[$0] }, "codes of \(a.info.name) differ")
            }
        }
    }

    /// A file big enough to be mapped rather than read loads exactly as its bytes do, on 1 and 2 threads,
    /// with a high-cardinality column (dictionary merge across chunks) and a low-cardinality one.
    @Test func mappedFileLoadsLikeItsBytes() throws {
        var text = "id,name,team,amount\n"
        var row = 0
        while text.utf8.count < FileContents.mapThreshold * 2 {
            text += "\(row),\"Deal \(row % 40_000) for Acme, \(row % 777)\",team \(row % 7),\(row * 3)\n"
            row += 1
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-mapped-\(UUID().uuidString).csv"
        ).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = try loadCSV(text, options: .init(maxThreads: 1))
        for threads in [1, 2] {
            let mapped = try CSVLoader.load(path: path, tableName: "t", options: .init(maxThreads: threads))
            #expect(mapped.rowCount == row)
            #expect(cells(mapped) == cells(expected))
        }
    }

    @Test func reallySplitsIntoChunks() throws {
        let bytes = Array(Self.sample(rows: 1000, multiLine: false).utf8)
        let headerEnd = bytes.firstIndex(of: 0x0A)! + 1
        let result = bytes.withUnsafeBufferPointer { buffer in
            CSVLoader.parseChunks(buffer, range: headerEnd..<buffer.count, delimiter: 0x2C, columnCount: 7, threads: 2)
        }
        guard case .success(let chunks) = result else {
            Issue.record("parse failed")
            return
        }
        #expect(chunks.count == 2)
        #expect(chunks.map(\.rowCount).reduce(0, +) == 1000)
    }

    /// A split guessed inside a long quoted field is detected and the body re-read on one thread.
    @Test func splitInsideQuotedFieldFallsBack() throws {
        let long = (0..<500).map { "line \($0)" }.joined(separator: "\n")
        let text = "a,b\n1,x\n2,\"\(long)\"\n3,y\n"
        let single = try loadCSV(text, options: .init(maxThreads: 1))
        let multi = try loadCSV(text, options: .init(maxThreads: 2, parallelThreshold: 0))
        #expect(cells(multi) == cells(single))
        #expect(cell(multi, "b", 1) == long)
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            CSVLoader.parseChunks(buffer, range: 4..<buffer.count, delimiter: 0x2C, columnCount: 2, threads: 2)
        }
        guard case .success(let chunks) = result else {
            Issue.record("parse failed")
            return
        }
        #expect(chunks.count == 1)
    }

    @Test func errorsInLaterChunksKeepTheirPosition() {
        var text = Self.sample(rows: 2000)
        text += "1,2,3\n"
        let lines = text.utf8.filter { $0 == 0x0A }.count
        do {
            _ = try CSVLoader.load(
                bytes: Array(text.utf8), path: "t.csv", tableName: "t",
                options: .init(maxThreads: 2, parallelThreshold: 0))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "row has 3 fields, expected 7 (header has 7 columns)")
            #expect(error.location == .file(path: "t.csv", line: lines, column: 6))
        }
    }
}

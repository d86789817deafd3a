import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// `storeRejects`: rows with the wrong number of fields are left out and listed with their line, column, error and
/// text, instead of failing the file; nothing is dropped without a trace.
@Suite struct RejectedRowsTests {
    /// 600 good rows around two bad ones; column `code` turns from integers to text at row 500, after the bad rows, so
    /// the earlier rows are re-read as strings (the re-read must skip the rejected rows too).
    static func text() -> String {
        var lines = ["id,code,amount"]
        for i in 1...600 {
            if i == 100 { lines.append("bad,row") }  // line 101: 2 fields
            if i == 300 { lines.append("x,1,2,3") }  // line 302: 4 fields
            lines.append("\(i),\(i == 500 ? "A-500" : String(i)),\(i).5")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [1, 2])
    func badRowsAreKeptAside(threads: Int) throws {
        var options = CSVLoader.Options(maxThreads: threads, parallelThreshold: 64)
        options.storeRejects = true
        let loaded = try CSVLoader.loadWithNotes(
            bytes: Array(Self.text().utf8), path: "t.csv", tableName: "t", options: options)
        let table = loaded.table
        #expect(table.rowCount == 600)
        #expect(loaded.rejects.map(\.line) == [101, 302])
        #expect(loaded.rejects.map(\.text) == ["bad,row", "x,1,2,3"])
        #expect(loaded.rejects[0].error == "row has 2 fields, expected 3 (header has 3 columns)")
        #expect(loaded.rejects[1].column == 7)  // the extra (fourth) field starts at column 7 of "x,1,2,3"
        // Every good row is there, in order, with its own values (the re-read skipped the bad rows).
        guard case .string(let codes, let dictionary) = try #require(table.field(named: "code")).column.values,
            case .int(let ids) = try #require(table.field(named: "id")).column.values
        else {
            Issue.record("unexpected column types")
            return
        }
        #expect(ids == (1...600).map(Int64.init))
        #expect((0..<600).allSatisfy { dictionary.string(Int(codes[$0])) == ($0 == 499 ? "A-500" : String($0 + 1)) })
        #expect(
            loaded.notes.contains(
                "t.csv: 2 rows with the wrong number of fields left out (first at line 101); kept in table rejects with their line numbers"
            ))
    }

    @Test func withoutTheOptionTheFileFails() {
        #expect(throws: Diagnostic.self) {
            try CSVLoader.load(bytes: Array(Self.text().utf8), path: "t.csv", tableName: "t")
        }
    }

    @Test func theDatasetGetsARejectsTable() throws {
        let folder = NSTemporaryDirectory() + "pipeq-rejects-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.text().write(toFile: folder + "/codes.csv", atomically: true, encoding: .utf8)
        var options = CSVLoader.Options()
        options.storeRejects = true
        let loaded = try DatasetLoader.load(paths: [folder], options: options, cache: nil)
        let rejects = try #require(loaded.catalog.table(named: "rejects"))
        #expect(rejects.fields.map(\.name) == ["file", "line", "column", "error", "row"])
        #expect(rejects.rowCount == 2)
        #expect(rejects.field(named: "line")?.column.value(at: 1) == .int(302))
        #expect(loaded.catalog.table(named: "codes")?.rowCount == 600)
    }
}

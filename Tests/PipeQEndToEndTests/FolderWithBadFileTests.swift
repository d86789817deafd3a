import Foundation
import Testing

/// A folder holding one malformed CSV: the shell opens with the good tables and says which file failed and where;
/// scripts and --schema say the same and exit 1 (the run is not silently missing a table).
@Suite struct FolderWithBadFileTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "pipeq-badfolder-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id,stage,value,created\n1,Prospecting,10,2026-01-01\n2,Closed Won,20,2026-02-01\n"
            .write(toFile: folder + "/deals.csv", atomically: true, encoding: .utf8)
        try "a,b\n1,2\n3\n".write(toFile: folder + "/broken.csv", atomically: true, encoding: .utf8)
    }

    static let error = "broken.csv:3:2: error: row has 1 field, expected 2 (header has 2 columns)"

    @Test func scriptsSayWhichFileFailedAndExit1() throws {
        let result = try PipeQProcess.run([folder, "-c", "deals | count"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains(Self.error))
        #expect(result.stderr.contains("note: 1 file not loaded; the other tables are: deals"))
    }

    @Test func schemaListsTheGoodTablesAndExits1() throws {
        let result = try PipeQProcess.run(["--schema", folder])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("deals: 2 rows"))
        #expect(result.stderr.contains(Self.error))
    }

    @Test func theShellOpensWithTheGoodTables() throws {
        let shell = try PtySession(arguments: [folder, "--as-of", "2026-11-01", "--no-history"], home: folder)
        #expect(shell.wait(for: "> "), "no prompt; output so far: \(shell.output)")
        #expect(shell.output.contains(Self.error), "\(shell.output)")
        let mark = shell.mark
        shell.send("deals | count\r")
        // The prompt after the result, before Ctrl-D: see PtySession.wait(forInOrder:).
        #expect(shell.wait(forInOrder: ["2\r\n", "> "], since: mark), "\(shell.output(since: mark))")
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    @Test func aFileNamedOnItsOwnStillFails() throws {
        let result = try PipeQProcess.run([folder + "/broken.csv", "-c", "broken | count"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains(Self.error))
    }
}

/// `--store-rejects`: the bad rows become table rejects and the file loads.
@Suite struct StoreRejectsTests {
    @Test func badRowsAreQueryable() throws {
        let folder = NSTemporaryDirectory() + "pipeq-rejects-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id,stage,value,created\n1,Prospecting,10,2026-01-01\n2,Closed Won,20\n3,Closed Lost,5,2026-04-01\n"
            .write(toFile: folder + "/deals.csv", atomically: true, encoding: .utf8)
        let result = try PipeQProcess.run([
            folder, "--store-rejects", "--format", "csv", "-c", "rejects | select line, column, error, row",
            "-c", "deals | count",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stdout == """
                line,column,error,row
                3,16,"row has 3 fields, expected 4 (header has 4 columns)","2,Closed Won,20"
                count
                2

                """)
    }
}

import Foundation
import PipeQShell
import Testing

@Suite struct ShellHistoryTests {
    func temporaryPath(_ name: String = "history") -> String {
        NSTemporaryDirectory() + "pipeq-history-\(UUID().uuidString)/state/pipeq/" + name
    }

    @Test func entriesPersistAtOnceAndMultiLineEntriesStayWhole() throws {
        let path = temporaryPath()
        let first = ShellHistory(path: path)
        first.add("deals |\n  count by rep")
        first.add("reps | count")
        first.add("reps | count")  // a repeat is not recorded
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "deals |\\n  count by rep\nreps | count\n")
        let second = ShellHistory(path: path)
        #expect(second.entries == ["deals |\n  count by rep", "reps | count"])
    }

    @Test func databasePasswordsNeverReachTheHistory() throws {
        let path = temporaryPath()
        let history = ShellHistory(path: path)
        history.add(".load postgresql://ana:pa%3Ass@db.example:5432/crm/deals as d")
        history.add(".load postgres://bo:hunter2@[::1]/crm/reps?sslmode=require&password=other")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            saved
                == ".load postgresql://ana@db.example:5432/crm/deals as d\n.load postgres://bo@[::1]/crm/reps?sslmode=require\n"
        )
        #expect(
            history.entries.allSatisfy { !$0.contains("pa%3Ass") && !$0.contains("hunter2") && !$0.contains("other") })
    }

    @Test func backslashesRoundTrip() {
        for entry in ["a \\\nb", "x = \"a\\nb\"", "ends with \\", "\\\\n"] {
            #expect(HistoryCodec.decode(Substring(HistoryCodec.encode(entry))) == entry)
            #expect(!HistoryCodec.encode(entry).contains("\n"))
        }
    }

    @Test func theFileIsCappedAtTenThousandEntries() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let lines = (1...10_050).map { "q\($0)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let history = ShellHistory(path: path)
        #expect(history.entries.count == ShellHistory.capacity)
        #expect(history.entries.first == "q51")
        let saved = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(saved.count == ShellHistory.capacity)
        #expect(saved.last == "q10050")
    }

    @Test func aCorruptFileIsReportedOnceAndLeftAlone() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data([0x71, 0x00, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        var messages: [String] = []
        let history = ShellHistory(path: path) { messages.append($0) }
        history.add("deals | count")
        history.add("reps | count")
        #expect(messages.count == 1)
        #expect(messages[0].contains("not text"))
        #expect(history.entries == ["deals | count", "reps | count"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([0x71, 0x00, 0xFF, 0xFE, 0x0A]))
    }

    @Test func anUnwritablePlaceIsReportedOnce() {
        var messages: [String] = []
        let history = ShellHistory(path: "/proc/pipeq-no/such/history") { messages.append($0) }
        history.add("deals | count")
        history.add("reps | count")
        #expect(messages.count == 1)
        #expect(history.path == nil)
        #expect(history.entries.count == 2)
    }
}

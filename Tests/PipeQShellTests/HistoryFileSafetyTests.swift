import Foundation
import PipeQShell
import Testing

/// History files shared by shells, cut by a full disk, grown huge, private or symlinked (issue 18, items 9, 11–13).
@Suite struct HistoryFileSafetyTests {
    func temporaryPath(_ name: String = "history") throws -> String {
        let path = NSTemporaryDirectory() + "pipeq-history-\(UUID().uuidString)/state/pipeq/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return path
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    // MARK: item 9

    @Test func compactionKeepsTheModeAndWritesThroughASymlink() throws {
        let target = try temporaryPath("real-history")
        let link = (target as NSString).deletingLastPathComponent + "/history"
        try ((1...10_050).map { "q\($0)" }.joined(separator: "\n") + "\n").write(
            toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o600)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let history = ShellHistory(path: link)
        #expect(history.entries.count == ShellHistory.capacity)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try mode(target) == 0o600)
        #expect(try lines(target).count == ShellHistory.capacity)
        #expect(try lines(target).first == "q51")
    }

    @Test func aNewHistoryIsPrivate() throws {
        let root = NSTemporaryDirectory() + "pipeq-history-\(UUID().uuidString)"
        let path = root + "/state/pipeq/history"
        let history = ShellHistory(path: path)
        history.add("deals | count")
        #expect(try mode(path) == 0o600)
        #expect(try mode(root + "/state/pipeq") == 0o700)
        #expect(try mode(root + "/state") == 0o700)
    }

    // MARK: item 11

    @Test func compactionKeepsWhatAnotherShellAppended() throws {
        let path = try temporaryPath()
        try ((1...9_999).map { "old \($0)" }.joined(separator: "\n") + "\n").write(
            toFile: path, atomically: false, encoding: .utf8)
        let a = ShellHistory(path: path)
        let b = ShellHistory(path: path)
        for n in 1...5 { b.add("from b \(n)") }
        if b.needsCompaction { b.compact() }
        a.add("from a")
        if a.needsCompaction { a.compact() }
        let saved = try lines(path)
        #expect(saved.count == ShellHistory.capacity)
        #expect(Array(saved.suffix(6)) == (1...5).map { "from b \($0)" } + ["from a"])
        #expect(saved.first == "old 6")
    }

    // MARK: item 12

    @Test func damagedLinesCostOnlyThemselves() throws {
        let path = try temporaryPath()
        // A write cut inside "é" (0xC3 0xA9), the next entry glued on; a NUL; a final line cut short.
        var bytes = Array("q1\nq2 caf".utf8) + [0xC3] + Array("q3\nq4\n".utf8)
        bytes += Array("bad".utf8) + [0x00] + Array("\nq5\nlast caf".utf8) + [0xC3]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var messages: [String] = []
        let history = ShellHistory(path: path) { messages.append($0) }
        #expect(history.entries == ["q1", "q4", "q5"])
        #expect(messages.count == 1 && messages[0].contains("skipped 3 damaged entries"), "\(messages)")
        #expect(history.path != nil)
        // The file is mended at once: the next start is silent.
        #expect(try lines(path) == ["q1", "q4", "q5"])
        var again: [String] = []
        #expect(ShellHistory(path: path) { again.append($0) }.entries == ["q1", "q4", "q5"])
        #expect(again.isEmpty)
    }

    @Test func theDecoderRejectsOnlyDamagedBytes() {
        #expect(HistoryCodec.decode(bytes: Array("a\\nb \\\\ é".utf8)) == "a\nb \\ é")
        #expect(HistoryCodec.decode(bytes: [0x61, 0xC3]) == nil)
        #expect(HistoryCodec.decode(bytes: [0x61, 0x00, 0x62]) == nil)
        #expect(HistoryCodec.decode(bytes: [0xE2, 0x82, 0x61]) == nil)
        #expect(HistoryCodec.decode(bytes: Array("ends \\".utf8)) == "ends \\")
    }

    @Test func anAppendStartsOnAFreshLine() throws {
        let path = try temporaryPath()
        try Data("q1\nq2 cut sho".utf8).write(to: URL(fileURLWithPath: path))
        let history = ShellHistory(path: path)
        history.add("deals | count")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "q1\nq2 cut sho\ndeals | count\n")
    }

    // MARK: item 13

    @Test func startUpReadsOnlyTheTail() throws {
        let path = try temporaryPath()
        // Damage before the last 10,000 entries is never read, so nothing is reported about it.
        var bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x0A]
        bytes += Array((1...20_000).map { "q\($0)\n" }.joined().utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var messages: [String] = []
        let history = ShellHistory(path: path) { messages.append($0) }
        #expect(messages.isEmpty, "\(messages)")
        #expect(history.entries.count == ShellHistory.capacity)
        #expect(history.entries.first == "q10001" && history.entries.last == "q20000")
        #expect(try lines(path).count == ShellHistory.capacity)
    }

    @Test func oversizedEntriesAreNotStored() throws {
        let path = try temporaryPath()
        let huge = String(repeating: "x", count: 3 << 20)
        try ("q1\n" + huge + "\nq2\n").write(toFile: path, atomically: false, encoding: .utf8)
        var messages: [String] = []
        let history = ShellHistory(path: path) { messages.append($0) }
        #expect(history.entries.map { $0.prefix(20) } == ["q1", "q2"])
        #expect(messages.count == 1 && messages[0].contains("over 64 KiB"), "\(messages)")
        #expect(try lines(path) == ["q1", "q2"])
        // A new one is kept for this session only, with a note.
        history.add("deals | where name = \"" + String(repeating: "y", count: 70_000) + "\"")
        #expect(messages.count == 2 && messages[1].contains("not saved"), "\(messages)")
        #expect(history.entries.count == 3)
        #expect(try lines(path) == ["q1", "q2"])
    }
}

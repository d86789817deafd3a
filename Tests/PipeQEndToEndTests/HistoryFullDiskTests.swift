import Foundation
import Testing

/// A history file on a full disk (issue 18, item 12): a real full file system, a 64 KiB tmpfs mounted in a mount
/// namespace of the test's own (`unshare -m`), so nothing outside it fills up. Needs root; skipped otherwise.
@Suite(.serialized) struct HistoryFullDiskTests {
    static let unshare = "/usr/bin/unshare"

    /// True when this process may mount a tmpfs in a private mount namespace.
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: unshare) else { return false }
        let point = NSTemporaryDirectory() + "pipeq-probe-\(UUID().uuidString)"
        guard (try? FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)) != nil else {
            return false
        }
        defer { try? FileManager.default.removeItem(atPath: point) }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: unshare)
        probe.arguments = [
            "-m", "--propagation", "private", "/bin/sh", "-c", "mount -t tmpfs -o size=8k tmpfs \"$1\"", "sh", point,
        ]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// The first shell's entry is cut by ENOSPC inside "é": nothing of it is left in the file. After space is freed,
    /// a second shell reads every entry back and appends on a line of its own.
    @Test(.enabled(if: canMountTmpfs, "needs root and mount namespaces (unshare -m)"))
    func anEntryCutByAFullDiskLeavesNoTrace() throws {
        let folder = NSTemporaryDirectory() + "pipeq-full-\(UUID().uuidString)"
        let data = folder + "/sales"
        let mountPoint = folder + "/small"
        let seed = folder + "/seed"
        let result = folder + "/after"
        for path in [data, mountPoint] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try "id,name,value\n1,Acme,100\n2,Globex,250\n".write(
            toFile: data + "/deals.csv", atomically: true, encoding: .utf8)
        // 4,095 bytes: one byte left in the file's page once the rest of the tmpfs is filled.
        let last = "deals | count"
        var text = String(repeating: "deals | sum value\n", count: 200)  // 3,600 bytes
        text += "-- " + String(repeating: "x", count: 4_095 - 3_600 - (last.utf8.count + 1) - 4) + "\n" + last + "\n"
        #expect(text.utf8.count == 4_095)
        try text.write(toFile: seed, atomically: true, encoding: .utf8)

        let script = """
            mount -t tmpfs -o size=64k tmpfs "$1" || exit 97
            cp "$2" "$1/history" && { dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null; true; }
            "$3" "$4" --as-of 2026-11-01 --history "$1/history"
            echo "first shell ended"
            rm "$1/filler"
            "$3" "$4" --as-of 2026-11-01 --history "$1/history"
            cp "$1/history" "$5"
            echo "second shell ended"
            """
        let shell = try PtySession(
            arguments: [
                "-m", "--propagation", "private", "/bin/sh", "-c", script, "sh",
                mountPoint, seed, PtySession.binary.path, data, result,
            ],
            home: folder, executable: URL(fileURLWithPath: Self.unshare))
        let prompt = "pipeq(sales)> "
        #expect(shell.wait(for: prompt), "\(shell.output)")
        var mark = shell.mark
        shell.send("é | count\r")
        #expect(
            shell.wait(forInOrder: ["history will not be saved", prompt], since: mark), "\(shell.output(since: mark))")
        #expect(shell.output(since: mark).contains("No space left on device"), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.send("\u{04}")
        #expect(shell.wait(forInOrder: ["first shell ended", prompt], since: mark), "\(shell.output(since: mark))")
        #expect(!shell.output(since: mark).contains("not text"), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.send("\u{1B}[A")
        #expect(shell.wait(for: last, since: mark), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.send("\u{15}deals | sum value\r")  // Ctrl-U clears the recalled line
        #expect(shell.wait(forInOrder: ["350", prompt], since: mark), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.send("\u{04}")
        #expect(shell.wait(for: "second shell ended", since: mark), "\(shell.output)")
        #expect(shell.waitForExit() == 0)
        let saved = try String(contentsOfFile: result, encoding: .utf8)
        #expect(saved == text + "deals | sum value\n", "\(saved.suffix(80).debugDescription)")
    }
}

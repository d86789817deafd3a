import Foundation
import Testing

/// Inputs too big for their place: a huge cell or header is cut before it is formatted (not printed or
/// checked against every role synonym whole), and a device that never ends is refused, not read forever.
@Suite struct BigInputTests {
    /// A one-line file whose only line (its header) is 4 MB: `--schema` shows the column name cut, fast.
    @Test func schemaOfAHugeHeaderIsCut() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("wide.csv", String(repeating: "x", count: 4_000_000) + "\n")
        let started = Date()
        let result = try PipeQProcess.run([file.path, "--no-cache", "--schema"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.count < 20_000, "\(result.stdout.utf8.count) bytes of schema")
        #expect(result.stdout.contains(String(repeating: "x", count: 100) + "…"))
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// A 10 MB cell in the table format (no cell width outside the shell): cut to the table's longest cell.
    @Test func tableOfAHugeCellIsCut() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write(
            "notes.csv", "id,note\n1,\"" + String(repeating: "a line\n", count: 1_500_000) + "\"\n2,short\n")
        let result = try PipeQProcess.run([file.path, "--no-cache", "-c", "notes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.count < 3 * 4_096 + 200, "\(result.stdout.utf8.count) bytes of table")
        #expect(result.stdout.contains("a line\\na line\\n"))
        // CSV still carries the whole value.
        let csv = try PipeQProcess.run([file.path, "--no-cache", "--format", "csv", "-c", "notes"])
        #expect(csv.stdout.utf8.count > 10_000_000)
    }

    /// `pipeq /dev/zero` would read zeros forever: a device is refused with a clear error.
    @Test func aDeviceIsRefusedNotReadForever() throws {
        let result = try PipeQProcess.run(["/dev/zero", "--no-cache", "-c", "zero | count"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("/dev/zero") && result.stderr.contains("not a regular file"), "\(result.stderr)")
    }
}

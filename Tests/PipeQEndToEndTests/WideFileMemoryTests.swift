import Foundation
import Testing

/// A very wide file costs memory for its data, not a fixed amount per column per load thread (issue 18, item 16):
/// every column's string interner allocated an 8 KB recent-value cache up front (100,000 columns: 0.8 GB a thread).
@Suite struct WideFileMemoryTests {
    static let time = "/usr/bin/time"

    /// Under AddressSanitizer (`make test`'s second pass sets ASAN_OPTIONS) memory is shadowed and freed blocks are
    /// quarantined, so a peak RSS says nothing about pipeq's own use there (498 MB for the same run).
    static let underAddressSanitizer = ProcessInfo.processInfo.environment["ASAN_OPTIONS"] != nil

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: time), "needs /usr/bin/time for the peak RSS"),
        .disabled(if: underAddressSanitizer, "peak RSS is not pipeq's own under AddressSanitizer"))
    func twentyThousandColumnsLoadInLittleMemory() throws {
        let folder = NSTemporaryDirectory() + "pipeq-wide-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let columns = 20_000
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<10 { text += (0..<columns).map { "v\(row)x\($0 % 7)" }.joined(separator: ",") + "\n" }
        let path = folder + "/wide.csv"
        try text.write(toFile: path, atomically: false, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.time)
        process.arguments = ["-f", "peak %M", PtySession.binary.path, path, "--no-cache", "-c", "wide | count"]
        process.environment = ["PIPEQ_THREADS": "2", "HOME": folder, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stdout)\(stderr)")
        #expect(stdout == "10\n", "\(stdout)")
        let peak = try #require(
            stderr.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.dropFirst(5)) },
            "\(stderr)")
        // Before: 407 MB (debug build, two threads); after: 85 MB.
        #expect(peak < 200_000, "peak RSS \(peak) KB")
    }
}

import Foundation
import Testing

/// Long work at the prompt shows a progress line on a terminal's standard error, erased when the work ends;
/// standard error that is a file gets none of it, nor does a script. A generated dataset of 300,000 deals (1.15M
/// history rows, 118 MB) takes a few seconds to load in a debug build, and a join of the two, then sorted, over a
/// second to run.
@Suite struct ProgressShellTests {
    static let erase = "\r\u{1B}[K"
    static let slowQuery = "history | join deals on deal_id = id | sort name | limit 1"

    /// Runs `pipeq generate` (longer than `PipeQProcess.timeout` allows under a loaded machine).
    static func generate(into folder: String) throws {
        let process = Process()
        process.executableURL = try PipeQProcess.binary.get()
        process.arguments = ["generate", "--deals", "300000", folder]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PipeQProcess.Failure(description: "pipeq generate failed: \(process.terminationStatus)")
        }
    }

    func start(_ folder: String, standardError: String? = nil) throws -> PtySession {
        // No snapshot cache: every load parses the files.
        try PtySession(
            arguments: [folder + "/data", "--as-of", "2026-11-01", "--no-history", "--no-rc"], home: folder,
            environment: ["PIPEQ_CACHE": "off"], standardError: standardError)
    }

    @Test func progressShowsOnlyOnATerminalAtThePrompt() throws {
        let folder = NSTemporaryDirectory() + "pipeq-progress-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.generate(into: folder + "/data")

        // On the terminal: the load's line (file, bytes of the size, rows), then the query's, each erased.
        let shell = try start(folder)
        #expect(
            shell.wait(forInOrder: ["loading ", " MB of ", " rows", Self.erase, "pipeq(data)> "], timeout: 120),
            "\(shell.output)")
        var mark = shell.mark
        shell.send(Self.slowQuery + "\r")
        #expect(
            shell.wait(forInOrder: ["running… ", Self.erase, "deal_id", "pipeq(data)> "], since: mark, timeout: 120),
            "\(shell.output(since: mark))")
        shell.send("\u{04}")
        #expect(shell.waitForExit(timeout: 30) == 0)

        // Standard error in a file: none of it, there or on the terminal.
        let errors = folder + "/stderr.txt"
        let quiet = try start(folder, standardError: errors)
        #expect(quiet.wait(for: "pipeq(data)> ", timeout: 120), "\(quiet.output)")
        mark = quiet.mark
        quiet.send(Self.slowQuery + "\r")
        #expect(quiet.wait(forInOrder: ["deal_id", "pipeq(data)> "], since: mark, timeout: 120))
        quiet.send("\u{04}")
        #expect(quiet.waitForExit(timeout: 30) == 0)
        let written = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(!written.contains("loading ") && !written.contains("running") && !written.contains("\u{1B}["))
        #expect(!quiet.output.contains("loading ") && !quiet.output.contains("running… "), "\(quiet.output)")

        // A script (-c) on a terminal: none either.
        let script = try PtySession(
            arguments: [folder + "/data", "-c", Self.slowQuery], home: folder, environment: ["PIPEQ_CACHE": "off"])
        #expect(script.waitForExit(timeout: 120) == 0)
        #expect(!script.output.contains("loading ") && !script.output.contains("running… "), "\(script.output)")
    }
}

import CPty
import Foundation

/// The `pipeq` binary running on a pseudo-terminal, so it sees a terminal and starts the interactive shell.
/// Every wait is bounded; the child is killed if a test leaves it running.
final class PtySession: @unchecked Sendable {
    enum Failure: Error {
        case openpty
        case notBuilt(String)
    }

    let process = Process()
    private let master: Int32
    private let lock = NSLock()
    private var received = Data()

    /// The executable beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pipeq")
    }

    /// `executable` replaces the pipeq binary (a wrapper such as `unshare` that runs it in turn); `size` is the
    /// terminal's (rows, columns); `environment` changes the child's variables (nil removes one: `["NO_COLOR": nil]`
    /// for colour); `standardError` sends the child's standard error to that file instead of the terminal.
    init(
        arguments: [String], home: String, directory: String? = nil, executable: URL? = nil,
        size: (rows: UInt16, columns: UInt16) = (40, 120), environment changes: [String: String?] = [:],
        standardError: String? = nil
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw Failure.notBuilt(Self.binary.path)
        }
        var master: Int32 = 0
        var slave: Int32 = 0
        guard cpty_open(&master, &slave, size.rows, size.columns) == 0 else { throw Failure.openpty }
        self.master = master
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = executable ?? Self.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = terminal
        process.standardOutput = terminal
        if let standardError {
            _ = FileManager.default.createFile(atPath: standardError, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: standardError)
        } else {
            process.standardError = terminal
        }
        var environment = [
            "TERM": "xterm", "INPUTRC": "/dev/null", "NO_COLOR": "1", "HOME": home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        // Sanitizer settings reach the child too (the ASan run turns LeakSanitizer off: docs/hardening.md).
        for (name, value) in ProcessInfo.processInfo.environment where name.hasSuffix("SAN_OPTIONS") {
            environment[name] = value
        }
        for (name, value) in changes { environment[name] = value }
        process.environment = environment
        try process.run()
        try terminal.close()
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    deinit {
        stop()
        close(master)
    }

    /// Ends the shell: SIGTERM, then SIGKILL after two seconds, so a shell that ignores SIGTERM (a signal
    /// disposition inherited from the test harness) never outlives the test run.
    private func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &buffer, buffer.count)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            lock.withLock { received.append(contentsOf: buffer[0..<n]) }
        }
    }

    /// Everything the program wrote so far.
    var output: String { lock.withLock { String(decoding: received, as: UTF8.self) } }

    /// A position in the output, to wait for text that comes after it.
    var mark: Int { lock.withLock { received.count } }

    func output(since mark: Int) -> String {
        lock.withLock { String(decoding: received[min(mark, received.count)...], as: UTF8.self) }
    }

    /// Output lines with terminal escape sequences and carriage returns removed, trimmed.
    static func plainLines(_ text: String) -> [String] {
        var out = ""
        var scalars = text.unicodeScalars[...]
        while let c = scalars.popFirst() {
            if c == "\u{1B}" {
                if scalars.first == "[" {
                    scalars.removeFirst()
                    while let n = scalars.popFirst(), !(n.properties.isAlphabetic || n == "~") {}
                } else {
                    _ = scalars.popFirst()
                }
            } else if c != "\r" {
                out.unicodeScalars.append(c)
            }
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Types text (use "\r" for Enter, "\t" for Tab, "\u{04}" for Ctrl-D).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until `needle` appears after `mark`; false after `timeout` seconds.
    @discardableResult
    func wait(for needle: String, since mark: Int = 0, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output(since: mark).contains(needle) { return true }
            usleep(20_000)
        }
        return false
    }

    /// Waits until `needles` appear after `mark` one after another, in that order; false after `timeout` seconds.
    /// Wait for the prompt after a result before typing Ctrl-D: between two lines the terminal is back in
    /// canonical mode, where a Ctrl-D is consumed by the line discipline and reaches readline as a NUL.
    @discardableResult
    func wait(forInOrder needles: [String], since mark: Int = 0, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var rest = Substring(output(since: mark))
            var found = true
            for needle in needles {
                guard let range = rest.range(of: needle) else {
                    found = false
                    break
                }
                rest = rest[range.upperBound...]
            }
            if found { return true }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the process to end; its status, or nil after `timeout` seconds (then it is killed).
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            stop()
            return nil
        }
        return process.terminationStatus
    }
}

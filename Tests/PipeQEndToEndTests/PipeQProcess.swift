import Foundation
import PipeQCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `pipeq` executable as a child process, always with a bounded wait and an explicit stdin.
enum PipeQProcess {
    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)" }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Seconds a run may take before it is killed and the test fails.
    static let timeout: TimeInterval = 20

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let examples = repositoryRoot.appendingPathComponent("examples").path
    static let fixture = repositoryRoot.appendingPathComponent("Tests/PipeQGoldenTests/Data/fixture").path

    /// The `pipeq` executable SwiftPM built beside the test bundle: the directory of `CommandLine.arguments[0]`
    /// (under `swift test` on Linux, the `.xctest` executable in `.build/debug`), or a directory above it (when
    /// argv[0] is inside a bundle). `PIPEQ_BINARY` overrides.
    static let binary: Result<URL, Failure> = {
        if let override = ProcessInfo.processInfo.environment["PIPEQ_BINARY"] {
            return .success(URL(fileURLWithPath: override))
        }
        let start = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var directory = start.deletingLastPathComponent()
        var searched: [String] = []
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("pipeq")
            searched.append(candidate.path)
            if isExecutableFile(candidate.path) { return .success(candidate) }
            directory = directory.deletingLastPathComponent()
        }
        return .failure(
            Failure(
                description: "cannot find the built pipeq executable near \(start.path); looked at:\n"
                    + searched.joined(separator: "\n") + "\n(build it with swift build, or set PIPEQ_BINARY)"))
    }()

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// Runs `pipeq ARGUMENTS`. `stdin` nil means /dev/null; otherwise it is written to a pipe that is then closed.
    /// `environment` sets (or, with nil, removes) variables of the test's own environment.
    static func run(
        _ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
        environment: [String: String?] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Output {
        try run(arguments, stdinBytes: stdin.map { Data($0.utf8) }, in: directory, environment: environment)
    }

    /// Runs `pipeq ARGUMENTS` with raw bytes on standard input (invalid UTF-8, NUL bytes).
    static func run(
        _ arguments: [String], stdinBytes stdin: Data?, in directory: URL? = nil, executable: URL? = nil,
        environment overrides: [String: String?] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = try executable ?? binary.get()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["PIPEQ_HISTORY"] = "/dev/null"
        for (name, value) in overrides { environment[name] = value }
        process.environment = environment

        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        var inPipe: Pipe?
        if stdin != nil {
            inPipe = Pipe()
            process.standardInput = inPipe
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let readers = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        onThread(readers) {
            out = Data((try? FileDescriptorReader.readAll(outPipe.fileHandleForReading.fileDescriptor)) ?? [])
        }
        onThread(readers) {
            err = Data((try? FileDescriptorReader.readAll(errPipe.fileHandleForReading.fileDescriptor)) ?? [])
        }
        if let inPipe, let stdin {
            let writer = inPipe.fileHandleForWriting
            onThread(DispatchGroup()) {
                // The child may exit without reading everything; a write error (EPIPE) then is fine.
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }

        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            _ = readers.wait(timeout: .now() + 2)
            throw Failure(description: "pipeq \(arguments) did not finish within \(Int(timeout)) s; killed it")
        }
        if readers.wait(timeout: .now() + 5) == .timedOut {
            throw Failure(description: "pipeq \(arguments) exited but its output pipes stayed open")
        }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}

/// Runs blocking work (a pipe read or write) on a thread of its own. Not on the global dispatch queue: on
/// Linux its width is the number of cores, so with many tests in parallel on 2 cores, blocked readers could
/// take every thread and the block that writes a child's standard input never ran (a 20 s timeout under
/// the address-sanitized suite).
func onThread(_ group: DispatchGroup, _ work: @escaping @Sendable () -> Void) {
    group.enter()
    Thread {
        work()
        group.leave()
    }.start()
}

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

import Foundation

/// PostgreSQL through its command-line client, `psql`, as a subprocess (no driver package): a script in, its
/// output back. `-X` (no ~/.psqlrc), `ON_ERROR_STOP`, unaligned tuples-only output.
struct Psql {
    let executable: String
    /// A libpq connection string or `postgresql://` URI.
    let connection: String

    /// psql on PATH, else the newest under /usr/lib/postgresql (Debian's layout).
    static func find() -> String? {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map {
            "\($0)/psql"
        }
        let debian = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []
        candidates += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map {
            "\(debian)/\($0)/bin/psql"
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `script`; its standard output (one line per row, `|` between columns). Throws with psql's message
    /// when it exits non-zero.
    @discardableResult
    func run(_ script: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("script.sql")
        let output = folder.appendingPathComponent("out")
        let errors = folder.appendingPathComponent("err")
        try script.write(to: input, atomically: false, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-f", input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let err = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "psql failed (exit \(process.terminationStatus)): \(err.prefix(2000))")
        }
        return out
    }

    /// Runs several scripts at once, one psql each (the shards load in parallel).
    static func runAll(_ jobs: [(Psql, String)]) throws {
        let results = UnsafeResults(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            do {
                try jobs[i].0.run(jobs[i].1)
            } catch {
                results.set(i, error)
            }
        }
        if let error = results.first { throw error }
    }

    /// Errors written from concurrent jobs, each to its own slot.
    private final class UnsafeResults: @unchecked Sendable {
        private var errors: [Error?]
        private let lock = NSLock()
        init(count: Int) { errors = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ error: Error) {
            lock.lock()
            errors[i] = error
            lock.unlock()
        }
        var first: Error? { errors.compactMap { $0 }.first }
    }
}

import Foundation

/// Starts and stops the throwaway PostgreSQL servers of `scripts/pg-test-server.sh` (a Unix socket in a folder
/// under /tmp, no TCP, user `pipeq` trusted): the golden SQL tests' and the live-database tests'.
public enum TestPostgresServer {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Runs `script start FOLDER PORT` for a new folder under /tmp (not the tests' private TMPDIR: the servers run
    /// as another user, and a socket path is short) and a random port, trying three times; the folder is listed
    /// in $TMPDIR/pg-servers first, where scripts/swift-test.sh finds it to stop the servers if a test dies
    /// before it stops its own. With `tls`, the server also takes SSL-only connections on 127.0.0.1:PORT, its
    /// self-signed certificate in FOLDER/server.crt (`start-tls`).
    public static func launch(script: String, name: String, tls: Bool = false) throws -> (
        folder: String, port: Int, psql: String
    ) {
        guard let psql = findExecutable("psql") else {
            throw Unavailable(
                description:
                    "PostgreSQL is not installed: the SQL tests need it (apt-get install postgresql; make test installs it)"
            )
        }
        var failure = ""
        for _ in 0..<3 {
            let folder = "/tmp/pipeq-\(name)-" + UUID().uuidString.prefix(8)
            let port = Int.random(in: 40_000..<60_000)
            let list = NSTemporaryDirectory() + "pg-servers"
            if let handle = FileHandle(forWritingAtPath: list)
                ?? (FileManager.default.createFile(atPath: list, contents: nil)
                    ? FileHandle(forWritingAtPath: list) : nil)
            {
                handle.seekToEndOfFile()
                handle.write(Data((folder + "\n").utf8))
                try? handle.close()
            }
            let (status, _, err) = try runProcess(
                "/bin/sh", [script, tls ? "start-tls" : "start", folder, String(port)], stdin: "", timeout: 180)
            if status == 0 { return (folder, port, psql) }
            failure = err
            _ = try? runProcess("/bin/sh", [script, "stop", folder], stdin: "", timeout: 60)
        }
        throw Unavailable(description: "the test PostgreSQL server did not start:\n\(failure)")
    }

    /// Runs SQL as the test superuser over the server's socket in `folder`; returns its output (unaligned, tuples
    /// only).
    public static func sql(_ script: String, psql: String, folder: String, port: Int) throws -> String {
        let (status, out, err) = try runProcess(
            psql,
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder, "-p", String(port), "-U", "pipeq",
                "postgres", "-f", "-",
            ], stdin: script, timeout: 120)
        guard status == 0 else { throw Unavailable(description: err) }
        return out
    }

    /// Stops the server of `folder` at once and removes the folder.
    public static func stop(script: String, folder: String) {
        _ = try? runProcess("/bin/sh", [script, "stop", folder], stdin: "", timeout: 60)
    }
}

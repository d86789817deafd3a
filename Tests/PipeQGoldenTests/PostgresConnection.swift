import Foundation
import PipeQSQL
import PipeQStorage
import PipeQTestSupport

/// `psql` over one test server's Unix socket, as user pipeq on database postgres. Each statement runs in its own
/// `psql`, so that a failure is told apart from an empty result.
struct PostgresConnection {
    /// The folder holding the server's socket.
    let socketFolder: String
    let port: Int
    let psql: String

    /// Runs a script of `;`-terminated statements, stopping at the first error.
    func execute(_ script: String) throws {
        let (status, _, err) = try psql(["\\i /dev/stdin"], input: script)
        guard status == 0 else { throw PostgresServer.Unavailable(description: err) }
    }

    /// Runs `setup` (which creates `schema` and its tables), then each statement with `schema` first on the search
    /// path; a statement's rows are cells as text (nil as NSNull).
    func run(setup: String, statements: [String], schema: String) throws -> [Result<[[Any]], SQLiteFailure>] {
        do {
            try execute(setup)
        } catch {
            return statements.map { _ in .failure(SQLiteFailure(message: "setup: \(error)")) }
        }
        return try statements.map { statement in
            let (status, out, err) = try psql(["SET search_path TO \(schema)", statement])
            guard status == 0 else { return .failure(SQLiteFailure(message: err)) }
            var text = out
            if text.hasSuffix("\n") { text.removeLast() }
            if text.isEmpty { return .success([]) }
            let rows = text.split(separator: "\u{1E}", omittingEmptySubsequences: false).map { record in
                record.split(separator: "\u{1F}", omittingEmptySubsequences: false).map { cell -> Any in
                    cell == "\u{01}" ? NSNull() : String(cell)
                }
            }
            return .success(rows)
        }
    }

    /// The lines `EXPLAIN (VERBOSE, COSTS OFF)` prints for a statement, `schema` first on the search path.
    func explain(_ statement: String, schema: String) throws -> [String] {
        let (status, out, err) = try psql(["SET search_path TO \(schema)", "EXPLAIN (VERBOSE, COSTS OFF) " + statement])
        guard status == 0 else { throw PostgresServer.Unavailable(description: err) }
        return out.split(separator: "\u{1E}").map { $0.trimmingCharacters(in: .newlines) }
    }

    private func psql(_ commands: [String], input: String = "") throws -> (Int32, String, String) {
        let arguments = [
            "-X", "-q", "-A", "-t", "-F", "\u{1F}", "-R", "\u{1E}", "-P", "null=\u{01}", "-v", "ON_ERROR_STOP=1",
            "-h", socketFolder, "-p", String(port), "-U", "pipeq", "postgres",
        ]
        return try runProcess(psql, arguments + commands.flatMap { ["-c", $0] }, stdin: input, timeout: 300)
    }
}

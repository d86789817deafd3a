import Foundation
import PipeQSQL
import PipeQStorage
import PipeQTestSupport

/// A throwaway PostgreSQL server (`scripts/pg-test-server.sh`: a Unix socket in a temporary folder, no TCP),
/// stopped and removed by `stop`. Each golden file gets a schema of its own.
struct PostgresServer {
    let folder: String
    let connection: PostgresConnection
    static let script = GoldenDatasets.repositoryRoot + "/scripts/pg-test-server.sh"

    typealias Unavailable = TestPostgresServer.Unavailable

    static func start() throws -> PostgresServer {
        let (folder, port, psql) = try TestPostgresServer.launch(script: script, name: "pg")
        return PostgresServer(
            folder: folder, connection: PostgresConnection(socketFolder: folder, port: port, psql: psql))
    }

    func stop() {
        TestPostgresServer.stop(script: Self.script, folder: folder)
    }

    func run(tables: [Table], statements: [String], schema: String) throws -> [Result<[[Any]], SQLiteFailure>] {
        let setup =
            "CREATE SCHEMA \(schema); SET search_path TO \(schema);\n"
            + tables.map { SQLTableWriter.script($0, dialect: .postgres) }.joined()
        return try connection.run(setup: setup, statements: statements, schema: schema)
    }
}

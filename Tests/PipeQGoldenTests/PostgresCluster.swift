import Foundation
import PipeQSQL
import PipeQStorage
import PipeQTestSupport

/// A throwaway sharded PostgreSQL (`scripts/pg-cluster.sh`): a coordinator and two shards, each a test server on
/// a Unix socket in a folder of its own under one cluster folder; the coordinator reaches the shards through
/// `postgres_fdw` (foreign servers `shard1`, `shard2`). `stop` stops all three and removes the folder.
struct PostgresCluster {
    let folder: String
    let coordinator: PostgresConnection
    let shards: [PostgresConnection]
    static let script = GoldenDatasets.repositoryRoot + "/scripts/pg-cluster.sh"

    static func start() throws -> PostgresCluster {
        let (folder, port, psql) = try TestPostgresServer.launch(script: script, name: "pgc")
        func member(_ name: String, _ offset: Int) -> PostgresConnection {
            PostgresConnection(socketFolder: folder + "/" + name, port: port + offset, psql: psql)
        }
        return PostgresCluster(
            folder: folder, coordinator: member("coord", 0), shards: [member("shard1", 1), member("shard2", 2)])
    }

    func stop() {
        _ = try? runProcess("/bin/sh", [Self.script, "stop", folder], stdin: "", timeout: 60)
    }

    /// Creates `schema` on every server and loads `tables` sharded (`ShardedTables`), stopping at the first error.
    func load(_ tables: [Table], schema: String) throws {
        let layout = ShardedTables(tables: tables, schema: schema, servers: shards.indices.map { "shard\($0 + 1)" })
        for shard in shards { try shard.execute(layout.shardScript) }
        try coordinator.execute(layout.coordinatorScript)
    }

    /// Creates `schema` on every server and loads the tables sharded (`ShardedTables`), then runs each statement
    /// on the coordinator.
    func run(tables: [Table], statements: [String], schema: String) throws -> [Result<[[Any]], SQLiteFailure>] {
        let layout = ShardedTables(tables: tables, schema: schema, servers: shards.indices.map { "shard\($0 + 1)" })
        for shard in shards {
            do {
                try shard.execute(layout.shardScript)
            } catch {
                return statements.map { _ in .failure(SQLiteFailure(message: "shard setup: \(error)")) }
            }
        }
        return try coordinator.run(setup: layout.coordinatorScript, statements: statements, schema: schema)
    }
}

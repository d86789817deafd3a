import PipeQSQL
import PipeQStorage

/// The DDL that loads a dataset into a `PostgresCluster` sharded by deal id, the way PostgreSQL itself shards:
/// the deals table (by its `id` role column) and the history table (by `deal_id`) are, on the coordinator,
/// tables `PARTITION BY HASH` of that column whose partitions are `postgres_fdw` foreign tables, one per shard
/// (remainder r on shard r+1), each over a table of the same name and columns in the same schema on its shard.
/// The rows are inserted through the coordinator, which routes each to its shard (a null key hashes to
/// remainder 0). Other tables (reps, a table without a deal id) are plain tables on the coordinator.
struct ShardedTables {
    let tables: [Table]
    let schema: String
    /// The coordinator's foreign servers, one per shard.
    let servers: [String]
    private let dialect = SQLDialect.postgres

    /// The column a table is sharded by: deals' deal id (`id` role), history's (`deal_id` role).
    static func shardKey(_ table: Table) -> Field? {
        switch table.role {
        case .deals: return table.fieldIndex(role: .id).map { table.fields[$0] }
        case .history: return table.fieldIndex(role: .dealId).map { table.fields[$0] }
        default: return nil
        }
    }

    /// Run on each shard: the schema and the tables that hold the sharded tables' rows.
    var shardScript: String {
        var out = "CREATE SCHEMA \(dialect.identifier(schema));\n"
        for table in tables where Self.shardKey(table) != nil {
            out +=
                "CREATE TABLE \(dialect.identifier(schema)).\(dialect.identifier(table.name)) "
                + "\(SQLTableWriter.columnList(table, dialect: dialect));\n"
        }
        return out
    }

    /// Run on the coordinator (after `shardScript` on the shards): the schema, the tables, their rows.
    var coordinatorScript: String {
        var out = "CREATE SCHEMA \(dialect.identifier(schema)); SET search_path TO \(dialect.identifier(schema));\n"
        for table in tables {
            let name = dialect.identifier(table.name)
            let columns = SQLTableWriter.columnList(table, dialect: dialect)
            guard let key = Self.shardKey(table) else {
                out += "CREATE TABLE \(name) \(columns);\n"
                out += SQLTableWriter.inserts(table, dialect: dialect)
                continue
            }
            out += "CREATE TABLE \(name) \(columns) PARTITION BY HASH (\(dialect.identifier(key.name)));\n"
            for (r, server) in servers.enumerated() {
                out +=
                    "CREATE FOREIGN TABLE \(dialect.identifier(table.name + "_" + server)) PARTITION OF \(name) "
                    + "FOR VALUES WITH (MODULUS \(servers.count), REMAINDER \(r)) SERVER \(server) "
                    + "OPTIONS (schema_name \(dialect.string(schema)), table_name \(dialect.string(table.name)));\n"
            }
            out += SQLTableWriter.inserts(table, dialect: dialect)
        }
        return out
    }
}

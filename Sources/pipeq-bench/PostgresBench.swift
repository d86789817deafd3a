import Foundation
import PipeQCore
import PipeQEngine
import PipeQSQL
import PipeQStorage

/// `--postgres URI [--cluster URI]`: the benchmark's CSV files loaded into PostgreSQL with COPY (psql's `\copy`),
/// then Q1–Q5 timed there as pipeq compiles them beside the hand-written SQL for the same questions (`HandSQL`),
/// and, with `--cluster`, pipeq's SQL on the sharded cluster of scripts/pg-cluster.sh (the coordinator's URI;
/// deals and history hash-partitioned by deal id over its foreign servers, each shard loaded directly).
///
/// The time is the server's: the `Execution Time` of `EXPLAIN (ANALYZE, TIMING OFF)` (planning and sending rows
/// to the client left out), the median of `runs` after one warm-up run.
struct PostgresBench {
    let psql: Psql
    let cluster: Psql?
    let catalog: Catalog
    let directory: String
    let asOf: String
    let runs: Int
    /// Time the tables an earlier run loaded (`--no-load`).
    var load = true

    /// The tables loaded: the catalog's, from `DIRECTORY/NAME.csv`.
    static let tables = ["deals", "history"]

    func run() throws {
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(asOf))
        if load {
            var loadTimes: [String] = []
            let t0 = now()
            for name in Self.tables { try loadSingle(name) }
            loadTimes.append("single server \(fixed(now() - t0, 1)) s")
            if let cluster {
                let t1 = now()
                let shards = try self.shards(of: cluster)
                for name in Self.tables { try loadSharded(name, coordinator: cluster, shards: shards) }
                loadTimes.append("cluster \(fixed(now() - t1, 1)) s")
            }
            print("loaded \(Self.tables.joined(separator: " and ")) with COPY: \(loadTimes.joined(separator: ", "))")
        }
        print("")
        print(
            "PostgreSQL server time, EXPLAIN (ANALYZE, TIMING OFF) Execution Time, median of \(runs) after a warm-up "
                + "(compiled and hand-written taking turns):")
        print("")
        print("| query | compiled ms | hand ms | compiled ÷ hand | cluster ms |")
        print("|---|---|---|---|---|")
        for (name, text) in benchmarkQueries where name.hasPrefix("Q") {
            let key = String(name.prefix { $0 != " " })
            let compiled = try engine.sql(text, dialect: .postgres, source: Self.source).text
            guard let hand = HandSQL.queries[key] else { continue }
            let times = try time([compiled, hand(asOf)], on: psql)
            let (compiledMs, handMs) = (times[0], times[1])
            let clusterMs = try cluster.map { try time([compiled], on: $0)[0] }
            print(
                "| \(name) | \(fixed(compiledMs, 1)) | \(fixed(handMs, 1)) | \(fixed(compiledMs / handMs, 2))× "
                    + "| \(clusterMs.map { fixed($0, 1) } ?? "–") |")
        }
        if ProcessInfo.processInfo.environment["PIPEQ_BENCH_SHOW_SQL"] != nil {
            for (name, text) in benchmarkQueries where name.hasPrefix("Q") {
                print("\n-- \(name)\n\(try engine.sql(text, dialect: .postgres, source: Self.source).text);")
            }
        }
    }

    /// A database's own table: its name and columns, no row order.
    static func source(_ table: Table) -> SQLTableSource {
        SQLTableSource(
            name: SQLDialect.postgres.identifier(table.name),
            columns: table.fields.map { SQLDialect.postgres.identifier($0.name) }, orderColumn: nil)
    }

    /// The median `Execution Time` in milliseconds of each statement's `runs` EXPLAIN ANALYZE runs, after one
    /// more as a warm-up; the statements take turns, so a busy moment on a shared machine falls on each alike.
    func time(_ statements: [String], on server: Psql) throws -> [Double] {
        let round = statements.map { "EXPLAIN (ANALYZE, TIMING OFF) " + $0 + ";\n" }.joined()
        let output = try server.run(String(repeating: round, count: runs + 1))
        let times = output.split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: "Execution Time: ") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 == "." || $0.isNumber })
        }
        guard times.count == (runs + 1) * statements.count else {
            throw Psql.Failure(description: "no Execution Time in:\n\(output)")
        }
        return statements.indices.map { i in
            summarize(stride(from: statements.count + i, to: times.count, by: statements.count).map { times[$0] })
                .median
        }
    }

    // MARK: - Loading

    /// A file of the first `lines` lines of `path` (the header and rows), in the temporary folder, named as `path`.
    static func head(of path: String, lines: Int) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Psql.Failure(description: "cannot read \(path)")
        }
        defer { try? handle.close() }
        var data = Data()
        var count = 0
        while count < lines, let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for (i, byte) in chunk.enumerated() where byte == UInt8(ascii: "\n") {
                count += 1
                if count == lines {
                    data.append(chunk.prefix(i + 1))
                    break
                }
            }
            if count < lines { data.append(chunk) }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
        try data.write(to: out)
        return out.path
    }

    private func table(_ name: String) throws -> (table: Table, path: String, header: [String]) {
        guard let table = catalog.tables.first(where: { $0.name == name }) else {
            throw Psql.Failure(description: "no \(name) table in \(directory)")
        }
        let path = URL(fileURLWithPath: directory + "/\(name).csv").standardizedFileURL.path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Psql.Failure(description: "cannot read \(path)")
        }
        defer { try? handle.close() }
        let start = String(decoding: handle.readData(ofLength: 64 * 1024), as: UTF8.self)
        let header = (start.split(separator: "\n").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ",").map(String.init)
        return (table, path, header)
    }

    /// The column definitions, typed as pipeq typed the file.
    private func columns(_ table: Table) -> String {
        let q = SQLDialect.postgres.identifier
        return "("
            + table.fields.map { "\(q($0.name)) \(SQLDialect.postgres.typeName($0.type))" }
            .joined(separator: ", ") + ")"
    }

    /// `\copy` of the file into `target`, by the header's column names.
    private func copy(_ path: String, header: [String], into target: String) -> String {
        let list = header.map(SQLDialect.postgres.identifier).joined(separator: ", ")
        return
            "\\copy \(target) (\(list)) FROM '\(path.replacingOccurrences(of: "'", with: "''"))' WITH (FORMAT csv, HEADER true)\n"
    }

    private func loadSingle(_ name: String) throws {
        let (table, path, header) = try self.table(name)
        let q = SQLDialect.postgres.identifier(name)
        try psql.run(
            "DROP TABLE IF EXISTS \(q) CASCADE;\nCREATE TABLE \(q) \(columns(table));\n"
                + copy(path, header: header, into: q) + "VACUUM ANALYZE \(q);\n")
    }

    /// The table's shard key: the deal id (deals' id, history's deal_id).
    private func shardKey(_ table: Table) -> String {
        table.fields.contains { $0.name == "deal_id" } ? "deal_id" : "id"
    }

    /// The cluster's shards (its postgres_fdw servers) and a connection to each, in the coordinator's order.
    private func shards(of coordinator: Psql) throws -> [(server: String, psql: Psql)] {
        let user = try coordinator.run("SELECT current_user;").trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = try coordinator.run(
            "SELECT srvname, array_to_string(srvoptions, '|') FROM pg_foreign_server ORDER BY srvname;")
        return rows.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            var options: [String: String] = [:]
            for option in parts[1].split(separator: "|") {
                let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { options[pair[0]] = pair[1] }
            }
            let connection =
                "host='\(options["host"] ?? "")' port='\(options["port"] ?? "5432")' "
                + "dbname='\(options["dbname"] ?? "postgres")' user='\(user)'"
            return (parts[0], Psql(executable: psql.executable, connection: connection))
        }
    }

    /// A table hash-partitioned by deal id over the shards. Each shard reads the whole file into a partitioned
    /// table of the same hash scheme whose partition for the shard's remainder is the shard's table, and keeps
    /// that (the coordinator's routing of rows through postgres_fdw inserts 500 rows a statement: far slower).
    private func loadSharded(_ name: String, coordinator: Psql, shards: [(server: String, psql: Psql)]) throws {
        let (table, path, header) = try self.table(name)
        let q = SQLDialect.postgres.identifier
        let key = q(shardKey(table))
        let n = shards.count
        var jobs: [(Psql, String)] = []
        for (r, shard) in shards.enumerated() {
            var script = "DROP TABLE IF EXISTS \(q(name)), __load CASCADE;\n"
            script += "CREATE TABLE \(q(name)) \(columns(table));\n"
            script += "CREATE TABLE __load \(columns(table)) PARTITION BY HASH (\(key));\n"
            script += "ALTER TABLE __load ATTACH PARTITION \(q(name)) FOR VALUES WITH (MODULUS \(n), REMAINDER \(r));\n"
            for other in 0..<n where other != r {
                script +=
                    "CREATE UNLOGGED TABLE __load_\(other) PARTITION OF __load FOR VALUES WITH (MODULUS \(n), REMAINDER \(other));\n"
            }
            script += copy(path, header: header, into: "__load")
            script += "ALTER TABLE __load DETACH PARTITION \(q(name));\nDROP TABLE __load CASCADE;\n"
            script += "VACUUM ANALYZE \(q(name));\n"
            jobs.append((shard.psql, script))
        }
        try Psql.runAll(jobs)
        var script = "DROP TABLE IF EXISTS \(q(name)) CASCADE;\n"
        script += "CREATE TABLE \(q(name)) \(columns(table)) PARTITION BY HASH (\(key));\n"
        for (r, shard) in shards.enumerated() {
            script +=
                "CREATE FOREIGN TABLE \(q("\(name)_\(r + 1)")) PARTITION OF \(q(name)) FOR VALUES WITH (MODULUS \(n), REMAINDER \(r)) "
                + "SERVER \(q(shard.server)) OPTIONS (schema_name 'public', table_name '\(name)');\n"
        }
        script += "ANALYZE \(q(name));\n"
        try coordinator.run(script)
    }
}

import Foundation
import PipeQTestSupport
import Testing

/// `pipeq postgresql://…`: a live database as the data, against a real server (scripts/pg-test-server.sh, started
/// and stopped by each test). The fixture's CSV files are copied into tables of the same types, so the in-memory
/// engine over the CSVs is the oracle for every answer the server gives.
@Suite(.serialized) struct PostgresSourceTests {
    static let script = PipeQProcess.repositoryRoot.appendingPathComponent("scripts/pg-test-server.sh").path

    /// A started server holding the fixture's deals, history and reps (and `big`, 50,000 rows), with `alice`
    /// logging in with a password over the socket (everyone else is trusted).
    struct Server {
        let folder: String
        let port: Int
        let psql: String
        static let password = "s3cret-Pw!"

        /// The URI of the server's socket, as `user` on database postgres.
        func uri(user: String = "pipeq", password: String? = nil, suffix: String = "") -> String {
            let host = folder.replacingOccurrences(of: "/", with: "%2F")
            let credentials = password.map { "\(user):\($0)" } ?? user
            return "postgresql://\(credentials)@\(host):\(port)/postgres\(suffix)"
        }

        /// Runs SQL as the superuser; returns its output (unaligned, tuples only).
        @discardableResult
        func sql(_ script: String) throws -> String {
            try TestPostgresServer.sql(script, psql: psql, folder: folder, port: port)
        }
    }

    static func withServer(_ body: (Server) throws -> Void) throws {
        let (folder, port, psql) = try TestPostgresServer.launch(script: script, name: "live")
        defer { TestPostgresServer.stop(script: script, folder: folder) }
        let server = Server(folder: folder, port: port, psql: psql)
        let data = PipeQProcess.fixture
        try server.sql(
            """
            CREATE TABLE deals (id bigint, name text, account text, owner text, stage text, amount bigint,
              probability double precision, created date, close_date date, stage_entered date, region_code text);
            CREATE TABLE history (deal_id bigint, stage text, entered_at date, exited_at date);
            CREATE TABLE reps (rep text, team text, manager text, region text, quota bigint);
            \\copy deals FROM '\(data)/deals.csv' CSV HEADER
            \\copy history FROM '\(data)/history.csv' CSV HEADER
            \\copy reps FROM '\(data)/reps.csv' CSV HEADER
            CREATE TABLE big AS SELECT g AS n, 'r' || (g % 7) AS grp FROM generate_series(1, 50000) g;
            CREATE ROLE alice LOGIN PASSWORD '\(Server.password)';
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO alice;
            """)
        // alice must give her password; the rest stay trusted.
        let hba = folder + "/data/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try ("local all alice scram-sha-256\n" + rules).write(toFile: hba, atomically: false, encoding: .utf8)
        try server.sql("SELECT pg_reload_conf();")
        try body(server)
    }

    /// The same `-c` queries over the CSVs in memory and over the database: the same output.
    static func same(_ server: Server, _ queries: [String]) throws {
        let arguments = ["--as-of", "2026-12-01"] + queries.flatMap { ["-c", $0] }
        let memory = try PipeQProcess.run([PipeQProcess.fixture] + arguments)
        let live = try PipeQProcess.run([server.uri()] + arguments)
        #expect(memory.status == 0, "\(memory)")
        #expect(live.status == 0, "\(live)")
        #expect(live.stdout == memory.stdout, "in memory:\n\(memory)\nin PostgreSQL:\n\(live)")
    }

    @Test func queriesRunInTheServerWithTheEnginesAnswers() throws {
        try Self.withServer { server in
            // 10 deals; amounts by owner from deals.csv: Ana 12,000 + 30,000 + 45,000… as psql sums them.
            let sums = try server.sql("SELECT owner || '=' || sum(amount) FROM deals GROUP BY owner ORDER BY owner;")
            #expect(sums == "Ana Ruiz=87000\nLi Wei=110000\nSam Ode=23000\n")
            let counted = try PipeQProcess.run([
                server.uri(), "-c", "deals | count", "-c", "deals | sum amount by owner",
            ])
            #expect(counted.stdout.hasPrefix("10\n"), "\(counted)")
            #expect(counted.stdout.contains(" Ana Ruiz |     87,000"), "\(counted)")
            #expect(counted.stdout.contains(" Li Wei   |    110,000"), "\(counted)")
            try Self.same(
                server,
                [
                    "deals | count", "deals | sum amount by owner", "deals | winrate by owner",
                    "deals | count by stage", "deals where status = \"open\" | top 2 by amount",
                    "history | count by stage", "deals | avg probability by owner | sort avg_probability desc",
                    "deals | funnel", "deals | stagetime", "deals | changes from 2026-09-30 to 2026-10-31",
                    "deals | changes summary from 2025-12-31 to 2026-10-31",
                ])
            // The injection attempt is a value compared with names: no deal has it, and deals is still there.
            let injection = try PipeQProcess.run([
                server.uri(), "-c", "deals where name = \"x'; drop table deals; --\" | count", "-c", "deals | count",
            ])
            #expect(injection.status == 0, "\(injection)")
            #expect(injection.stdout == "0\n10\n", "\(injection)")
            #expect(try server.sql("SELECT count(*) FROM deals;") == "10\n")
            // --schema: roles from the columns, as for the CSVs; the tables are in the database, not counted.
            let schema = try PipeQProcess.run([server.uri(), "--schema"])
            #expect(schema.stdout.contains("deals: in the database, \"public\".\"deals\", deals table"), "\(schema)")
            #expect(schema.stdout.contains("  owner          string    rep"), "\(schema)")
            #expect(schema.stdout.contains("status         string    status         added by pipeq"), "\(schema)")
            // A construct the compiler cannot write yet: its name, and .load as the way around.
            // (A date format's literal other than ASCII has no regular expression written for it yet.)
            let unsupported = try PipeQProcess.run([server.uri(), "-c", "deals | select d = date(name, \"%d·%m·%Y\")"])
            #expect(unsupported.status == 1, "\(unsupported)")
            #expect(
                unsupported.stderr.contains("date(text, \"%d·%m·%Y\") cannot be compiled to PostgreSQL SQL yet"),
                "\(unsupported)")
            #expect(unsupported.stderr.contains(".load TABLE"), "\(unsupported)")
        }
    }

    /// A pivot's columns are its input's distinct values: over a database table the server is asked for them
    /// first, and the pivot is the one the engine makes of the same rows (columns in its order and with its names:
    /// stages in pipeline order, dates as ISO text, quarters as `2026-Q3`, a null value last as "null").
    @Test func pivotOverADatabaseTableAsksTheServerForItsColumns() throws {
        try Self.withServer { server in
            let queries = [
                "deals | count by owner, stage | pivot stage",
                "deals | count by owner, stage | pivot stage with totals",
                "deals | sum amount by owner, month(close_date) | pivot month_close_date values sum_amount",
                "deals where status = \"won\" | sum amount by owner, quarter(close_date) | pivot quarter_close_date",
                "deals | count by owner, fq = fiscal_quarter(close_date, 4) | pivot fq",
                "deals | count by owner, region_code | pivot region_code",
                "deals | count by owner, probability | pivot probability",
                "deals where amount > 1000000 | count by owner, stage | pivot stage",
            ]
            try Self.same(server, queries)
            let arguments = ["--as-of", "2026-12-01"] + queries.flatMap { ["-c", $0] }
            let live = try PipeQProcess.run([server.uri()] + arguments)
            let loaded = try PipeQProcess.run([server.uri(), "-c", ".load deals"] + arguments)
            #expect(loaded.status == 0, "\(loaded)")
            #expect(live.stdout == loaded.stdout, "over the server:\n\(live)\nafter .load:\n\(loaded)")
            #expect(live.stdout.contains("2026-Q1"), "\(live)")
            #expect(live.stdout.contains("FY2027-Q1"), "\(live)")
            #expect(live.stdout.contains("| null"), "\(live)")
            // The statement names the columns the server's values gave.
            let sql = try PipeQProcess.run([server.uri(), "--sql", "-c", queries[3]])
            #expect(sql.status == 0, "\(sql)")
            #expect(sql.stdout.contains("AS \"2026-Q1\""), "\(sql)")
            // Two rows for one cell stop the statement in the server, as in memory.
            let twice = try PipeQProcess.run([
                server.uri(), "-c", "deals | select owner, status, id | pivot status values id",
            ])
            #expect(twice.status == 1, "\(twice)")
            #expect(twice.stderr.contains("pivot found two rows for one cell"), "\(twice)")
            // Past 800 values the statement would be too wide for PostgreSQL: refused, naming the column.
            let wide = try PipeQProcess.run([server.uri(), "-c", "big | pivot n values grp"])
            #expect(wide.status == 1, "\(wide)")
            #expect(
                wide.stderr.contains(
                    "pivot n would make more than 800 columns, too many for one PostgreSQL statement"), "\(wide)")
        }
    }

    @Test func pipelineTomlAndSchemaChooseWhatIsRead() throws {
        try Self.withServer { server in
            try server.sql("CREATE SCHEMA crm; CREATE TABLE crm.opportunities AS SELECT * FROM deals WHERE id <= 4;")
            // ?schema=NAME: that schema's tables instead of the search path's, roles recognised all the same.
            let other = try PipeQProcess.run([server.uri(suffix: "?schema=crm"), "-c", "deals | count"])
            #expect(other.status == 0, "\(other)")
            #expect(other.stdout == "4\n", "\(other)")
            // pipeline.toml in the working directory, or named with --config, orders the stages.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("toml-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let stages = ["Closed Lost", "Proposal", "Prospecting", "Negotiation", "Needs Analysis", "Closed Won"]
            try stages.map { "[[stage]]\nname = \"\($0)\"\n" }.joined().write(
                to: folder.appendingPathComponent("pipeline.toml"), atomically: false, encoding: .utf8)
            let query = ["-c", "deals | count by stage | select stage"]
            let beside = try PipeQProcess.run([server.uri()] + query, in: folder)
            let named = try PipeQProcess.run(
                [server.uri(), "--config", folder.appendingPathComponent("pipeline.toml").path] + query)
            for result in [beside, named] {
                #expect(result.status == 0, "\(result)")
                #expect(
                    result.stdout.split(separator: "\n").dropFirst(2).prefix(6).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    } == stages, "\(result)")
            }
            let missing = try PipeQProcess.run([server.uri(), "--config", "/nonexistent/pipeline.toml"] + query)
            #expect(missing.status == 1 && missing.stderr.contains("no such config file"), "\(missing)")
        }
    }

    @Test func longResultsFetchOnlyTheRowsShown() throws {
        try Self.withServer { server in
            let result = try PipeQProcess.run([
                server.uri(), "--max-rows", "4", "-c", ".timer on", "-c", "big | sort n desc",
            ])
            #expect(result.status == 0, "\(result)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            // The head (50000, 49999), the elision, the tail (2, 1), and the true count from the server.
            #expect(lines.contains(" 50,000 | r6"), "\(result)")
            #expect(lines.contains(" … 49996 more rows"), "\(result)")
            #expect(lines.contains("      1 | r1"), "\(result)")
            #expect(lines.last == "(50000 rows)", "\(result)")
            #expect(result.stderr.contains("(server "), "\(result)")
            // Only four rows crossed: the cursor's statements fetched 2 + 2 (FETCH 5 first: the cap + 1).
            let copied = try PipeQProcess.run([
                server.uri(), "-c", ".load big", "-c", "big | count by grp | top 1 by count", "-c", "big | count",
            ])
            #expect(copied.status == 0, "\(copied)")
            #expect(copied.stderr.contains("copied big (50,000 rows) from postgres"), "\(copied)")
            // 50,000 rows over 7 groups: r1…r6 hold 7,143 each (1, 8, …, 49,996 for r1), r0 holds 7,142.
            #expect(copied.stdout.contains(" r1  | 7,143"), "\(copied)")
            #expect(copied.stdout.hasSuffix("50,000\n"), "\(copied)")
        }
    }

    @Test func loadedTablesRunInMemoryWithTheirRoles() throws {
        try Self.withServer { server in
            let result = try PipeQProcess.run([
                server.uri(), "--as-of", "2026-12-01", "-c", ".load deals", "-c", ".load history", "-c",
                "deals | funnel", "-c", ".load \(server.uri(suffix: "/reps")) as team_reps", "-c", "team_reps | count",
            ])
            #expect(result.status == 0, "\(result)")
            let memory = try PipeQProcess.run([PipeQProcess.fixture, "--as-of", "2026-12-01", "-c", "deals | funnel"])
            #expect(result.stdout.hasPrefix(memory.stdout), "\(result)\n\(memory)")
            #expect(result.stdout.hasSuffix("4\n"), "\(result)")
        }
    }

    @Test func settingsComeFromTheEnvironmentAndThePasswordFile() throws {
        try Self.withServer { server in
            let environment: [String: String?] = [
                "PGHOST": server.folder, "PGPORT": String(server.port), "PGUSER": "alice", "PGDATABASE": "postgres",
                "PGPASSWORD": Server.password,
            ]
            let fromEnvironment = try PipeQProcess.run(
                ["postgresql://", "-c", "reps | count"], environment: environment)
            #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
            #expect(fromEnvironment.stdout == "4\n", "\(fromEnvironment)")

            // ~/.pgpass: the socket matches host localhost; a file others may read is ignored, as libpq does.
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: home) }
            let passFile = home.appendingPathComponent(".pgpass").path
            try "# host:port:database:user:password\nlocalhost:\(server.port):*:alice:\(Server.password)\n".write(
                toFile: passFile, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passFile)
            let withPassFile = try PipeQProcess.run(
                [server.uri(user: "alice"), "-c", "reps | count"],
                environment: ["HOME": home.path, "PGPASSWORD": nil, "PGPASSFILE": nil])
            #expect(withPassFile.status == 0, "\(withPassFile)")
            #expect(withPassFile.stdout == "4\n", "\(withPassFile)")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passFile)
            let readable = try PipeQProcess.run(
                [server.uri(user: "alice"), "-c", "reps | count"],
                environment: ["HOME": home.path, "PGPASSWORD": nil, "PGPASSFILE": nil])
            #expect(readable.status == 1, "\(readable)")
            #expect(readable.stderr.contains("has group or world access"), "\(readable)")

            // A wrong password: where, who, the server's reason; never the password given.
            let wrong = "Wr0ng-guess-77"
            let refused = try PipeQProcess.run(
                [server.uri(user: "alice", password: wrong), "-c", "reps | count"],
                environment: ["HOME": home.path])
            #expect(refused.status == 1, "\(refused)")
            #expect(
                refused.stderr.contains(
                    "cannot connect to PostgreSQL at the socket \(server.folder)/.s.PGSQL.\(server.port)"),
                "\(refused)")
            #expect(refused.stderr.contains("database \"postgres\" as \"alice\""), "\(refused)")
            #expect(refused.stderr.contains("password authentication failed for user \"alice\""), "\(refused)")
            #expect(!refused.stderr.contains(wrong) && !refused.stdout.contains(wrong), "\(refused)")

            // No server there: the place, and no password either.
            let nothing = try PipeQProcess.run(
                [
                    server.uri(user: "alice", password: wrong).replacingOccurrences(
                        of: ":\(server.port)/", with: ":1/"),
                    "-c", "reps | count",
                ])
            #expect(nothing.status == 1, "\(nothing)")
            #expect(nothing.stderr.contains("/.s.PGSQL.1"), "\(nothing)")
            #expect(!nothing.stderr.contains(wrong), "\(nothing)")

            // .load logs in again for the COPY (SCRAM-SHA-256, the server's default for a password).
            let copied = try PipeQProcess.run(
                [server.uri(user: "alice", password: Server.password), "-c", ".load reps", "-c", "reps | count"])
            #expect(copied.status == 0, "\(copied)")
            #expect(copied.stderr.contains("copied reps (4 rows) from postgres"), "\(copied)")
            #expect(copied.stdout == "4\n", "\(copied)")

            // --sql and .sql print the statement over the database's tables, no password anywhere.
            let sql = try PipeQProcess.run(
                [server.uri(user: "alice", password: Server.password), "--sql", "-c", "reps | count"])
            #expect(sql.stdout.contains("FROM \"public\".\"reps\""), "\(sql)")
            #expect(!sql.stdout.contains(Server.password) && !sql.stderr.contains(Server.password), "\(sql)")
        }
    }

    /// The shell over a database: Tab completes tables and columns from the catalog and values from the server;
    /// Ctrl-C during a long server query brings the prompt back at once, and the server no longer runs it.
    @Test func shellCompletesFromTheDatabaseAndCtrlCCancelsTheServersQuery() throws {
        try Self.withServer { server in
            // A view that takes 100 s to read: 10,000 rows, each waiting 10 ms.
            try server.sql(
                """
                CREATE FUNCTION slow_id(i int) RETURNS int AS $$ SELECT pg_sleep(0.01); SELECT i $$ LANGUAGE sql;
                CREATE VIEW slow AS SELECT slow_id(g) AS n FROM generate_series(1, 10000) g;
                """)
            let home = NSTemporaryDirectory() + "pipeq-pty-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: home) }
            let shell = try PtySession(arguments: [server.uri(), "--no-history"], home: home)
            let prompt = "pipeq(postgres)> "
            #expect(shell.wait(for: prompt), "no prompt; output so far: \(shell.output)")
            #expect(shell.output.contains("database postgres"), "\(shell.output)")
            var mark = shell.mark
            for (typed, completed) in [
                ("hist\t", "ory "), ("deals | sum amo\t", "unt "), ("deals where owner = \"Li\t", " Wei\""),
            ] {
                mark = shell.mark
                shell.send(typed)
                #expect(shell.wait(for: completed, since: mark), "\(typed): \(shell.output(since: mark))")
                mark = shell.mark
                shell.process.interrupt()
                #expect(shell.wait(for: prompt, since: mark))
            }
            mark = shell.mark
            shell.send("slow | count\r")
            // pipeq's statement (a FETCH from the cursor over the view) running in the server.
            let running =
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND application_name = 'pipeq';"
            var started = false
            for _ in 0..<100 where !started {
                started = try server.sql(running) == "1\n"
                if !started { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(started, "the query never reached the server: \(shell.output(since: mark))")
            mark = shell.mark
            let pressed = Date()
            shell.process.interrupt()
            #expect(
                shell.wait(forInOrder: ["query cancelled", prompt], since: mark, timeout: 5),
                "\(shell.output(since: mark))")
            #expect(Date().timeIntervalSince(pressed) < 3, "the prompt took \(Date().timeIntervalSince(pressed)) s")
            #expect(try server.sql(running) == "0\n", "the server still runs the query")
            // The same for a .load's COPY: the protocol's cancel request stops it.
            mark = shell.mark
            shell.send(".load slow\r")
            started = false
            for _ in 0..<100 where !started {
                started = try server.sql(running) == "1\n"
                if !started { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(started, "the copy never reached the server: \(shell.output(since: mark))")
            mark = shell.mark
            shell.process.interrupt()
            #expect(
                shell.wait(forInOrder: ["cancelled", prompt], since: mark, timeout: 5), "\(shell.output(since: mark))")
            #expect(try server.sql(running) == "0\n", "the server still runs the copy")
            // The connection is still good for the next query.
            mark = shell.mark
            shell.send("reps | count\r")
            #expect(shell.wait(forInOrder: ["4", prompt], since: mark), "\(shell.output(since: mark))")
            shell.send("\u{04}")
            #expect(shell.waitForExit() == 0)
        }
    }
}

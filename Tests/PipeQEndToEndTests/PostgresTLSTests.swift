import Foundation
import PipeQTestSupport
import Testing

/// `sslmode` against a real TLS server: scripts/pg-test-server.sh start-tls, listening on 127.0.0.1 with a
/// self-signed certificate made by openssl when the test starts, taking TCP connections only over SSL (pg_hba's
/// `hostssl`); started and stopped by each test.
@Suite(.serialized) struct PostgresTLSTests {
    static let script = PipeQProcess.repositoryRoot.appendingPathComponent("scripts/pg-test-server.sh").path
    /// A password given in the URIs (the server trusts everyone): no message may show it.
    static let password = "Tls-s3cret-9"

    struct Server {
        let folder: String
        let port: Int
        let psql: String

        /// The server's certificate, its own root.
        var certificate: String { folder + "/server.crt" }

        func uri(host: String = "127.0.0.1", _ parameters: String) -> String {
            "postgresql://pipeq:\(PostgresTLSTests.password)@\(host):\(port)/postgres?\(parameters)"
        }

        /// Runs SQL as the superuser over the socket.
        func sql(_ script: String) throws -> String {
            try TestPostgresServer.sql(script, psql: psql, folder: folder, port: port)
        }
    }

    static func withServer(_ body: (Server) throws -> Void) throws {
        let (folder, port, psql) = try TestPostgresServer.launch(script: script, name: "tls", tls: true)
        defer { TestPostgresServer.stop(script: script, folder: folder) }
        let server = Server(folder: folder, port: port, psql: psql)
        _ = try server.sql(
            """
            CREATE TABLE reps (rep text, team text, manager text, region text, quota bigint);
            \\copy reps FROM '\(PipeQProcess.fixture)/reps.csv' CSV HEADER
            CREATE FUNCTION slow_id(i int) RETURNS int AS $$ SELECT pg_sleep(0.01); SELECT i $$ LANGUAGE sql;
            CREATE VIEW slow AS SELECT slow_id(g) AS n FROM generate_series(1, 10000) g;
            """)
        try body(server)
    }

    /// The connection's own encryption, as the server sees it (pipeq's `application_name` is "pipeq").
    static let encryptedSessions =
        "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'pipeq' AND s.ssl;"

    @Test func requireQueriesLoadsAndCancelsOverTLS() throws {
        try Self.withServer { server in
            let result = try PipeQProcess.run([
                server.uri("sslmode=require"), "-c", "reps | count", "-c", ".load reps", "-c", "reps | sum quota",
            ])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.hasPrefix("4\n"), "\(result)")
            #expect(result.stderr.contains("copied reps (4 rows) from postgres"), "\(result)")
            #expect(!result.stderr.contains(Self.password) && !result.stdout.contains(Self.password), "\(result)")

            // Ctrl-C during a server query and during a .load: the cancel goes over TLS too, and the server stops.
            let home = NSTemporaryDirectory() + "pipeq-pty-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: home) }
            let shell = try PtySession(arguments: [server.uri("sslmode=require"), "--no-history"], home: home)
            let prompt = "pipeq(postgres)> "
            #expect(shell.wait(for: prompt), "no prompt; output so far: \(shell.output)")
            #expect(try server.sql(Self.encryptedSessions) == "1\n", "the session is not encrypted")
            let running =
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND application_name = 'pipeq';"
            for statement in ["slow | count", ".load slow"] {
                var mark = shell.mark
                shell.send(statement + "\r")
                var started = false
                for _ in 0..<100 where !started {
                    started = try server.sql(running) == "1\n"
                    if !started { Thread.sleep(forTimeInterval: 0.05) }
                }
                #expect(started, "\(statement) never reached the server: \(shell.output(since: mark))")
                mark = shell.mark
                shell.process.interrupt()
                #expect(
                    shell.wait(forInOrder: ["cancelled", prompt], since: mark, timeout: 5),
                    "\(statement): \(shell.output(since: mark))")
                #expect(try server.sql(running) == "0\n", "the server still runs \(statement)")
            }
            let mark = shell.mark
            shell.send("reps | count\r")
            #expect(shell.wait(forInOrder: ["4", prompt], since: mark), "\(shell.output(since: mark))")
            shell.send("\u{04}")
            #expect(shell.waitForExit() == 0)
        }
    }

    @Test func disableIsRefusedByAnSSLOnlyServer() throws {
        try Self.withServer { server in
            let refused = try PipeQProcess.run([server.uri("sslmode=disable"), "-c", "reps | count"])
            #expect(refused.status == 1, "\(refused)")
            #expect(
                refused.stderr.contains(
                    "cannot connect to PostgreSQL at 127.0.0.1 port \(server.port), database \"postgres\" as \"pipeq\""),
                "\(refused)")
            #expect(refused.stderr.contains("no encryption"), "\(refused)")
            #expect(refused.stderr.contains("sslmode=require"), "\(refused)")
            #expect(!refused.stderr.contains(Self.password), "\(refused)")
        }
    }

    @Test func verifyingNeedsATrustedRoot() throws {
        try Self.withServer { server in
            // The self-signed certificate is in no system trust store: both verifying modes refuse it, saying where.
            for (host, mode) in [("localhost", "verify-full"), ("127.0.0.1", "verify-ca")] {
                let untrusted = try PipeQProcess.run([server.uri(host: host, "sslmode=\(mode)"), "-c", "reps | count"])
                #expect(untrusted.status == 1, "\(mode): \(untrusted)")
                #expect(
                    untrusted.stderr.contains("cannot connect to PostgreSQL at \(host) port \(server.port)"),
                    "\(mode): \(untrusted)")
                #expect(untrusted.stderr.contains("certificate"), "\(mode): \(untrusted)")
                #expect(untrusted.stderr.contains("sslrootcert"), "\(mode): \(untrusted)")
                #expect(!untrusted.stderr.contains(Self.password), "\(mode): \(untrusted)")
            }
            // sslrootcert naming the certificate: both connect (verify-full checks the name, localhost).
            for (host, mode) in [("localhost", "verify-full"), ("127.0.0.1", "verify-ca")] {
                let trusted = try PipeQProcess.run([
                    server.uri(host: host, "sslmode=\(mode)&sslrootcert=\(server.certificate)"), "-c", "reps | count",
                ])
                #expect(trusted.status == 0, "\(mode): \(trusted)")
                #expect(trusted.stdout == "4\n", "\(mode): \(trusted)")
            }
            // PGSSLROOTCERT does the same.
            let fromEnvironment = try PipeQProcess.run(
                [server.uri(host: "localhost", "sslmode=verify-full"), "-c", "reps | count"],
                environment: ["PGSSLROOTCERT": server.certificate])
            #expect(fromEnvironment.stdout == "4\n", "\(fromEnvironment)")
        }
    }
}

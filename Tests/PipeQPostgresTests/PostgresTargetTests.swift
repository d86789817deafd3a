import Foundation
import PipeQCore
import PipeQPostgres
import Testing

/// Connection settings as libpq reads them: the URI first, then the PG* variables, then the defaults; the
/// password from ~/.pgpass last. Nothing here connects.
@Suite struct PostgresTargetTests {
    @Test func theURIGivesEveryPart() throws {
        let target = try PostgresTarget.parse(
            "postgresql://ana:p%40ss@db.example:6543/crm/deals?sslmode=require&schema=sales", environment: [:])
        #expect(target.host == "db.example")
        #expect(target.port == 6543)
        #expect(target.user == "ana")
        #expect(target.password == "p@ss")
        #expect(target.database == "crm")
        #expect(target.table == "deals")
        #expect(target.sslMode == .require)
        #expect(target.schema == "sales")
        // Shown without the password, anywhere it is printed.
        #expect(target.description == "postgresql://ana@db.example:6543/crm/deals?schema=sales")
    }

    @Test func whatTheURILeavesOutComesFromTheEnvironmentThenTheDefaults() throws {
        let environment = [
            "PGHOST": "/run/pg", "PGPORT": "5499", "PGUSER": "bo", "PGDATABASE": "sales", "PGPASSWORD": "pw",
            "PGSSLMODE": "disable",
        ]
        let fromEnvironment = try PostgresTarget.parse("postgres://", environment: environment)
        #expect(fromEnvironment.host == "/run/pg" && fromEnvironment.isUnixSocket)
        #expect(fromEnvironment.socketPath == "/run/pg/.s.PGSQL.5499")
        #expect(fromEnvironment.user == "bo" && fromEnvironment.database == "sales")
        #expect(fromEnvironment.password == "pw" && fromEnvironment.sslMode == .disable)
        // The URI wins over the environment; the database defaults to the user's name, as in libpq.
        let mixed = try PostgresTarget.parse("postgresql://cy@h2", environment: ["PGPORT": "7000", "USER": "root"])
        #expect(mixed.host == "h2" && mixed.port == 7000 && mixed.user == "cy" && mixed.database == "cy")
        #expect(mixed.sslMode == .prefer)
        let socket = try PostgresTarget.parse("postgresql://%2Ftmp%2Fpg:5433/db", environment: ["USER": "dee"])
        #expect(socket.host == "/tmp/pg" && socket.user == "dee")
        let ipv6 = try PostgresTarget.parse("postgresql://u@[::1]:5444/db", environment: [:])
        #expect(ipv6.host == "::1" && ipv6.port == 5444)
    }

    @Test func theRootCertificateComesFromTheURIOrPGSSLROOTCERT() throws {
        let named = try PostgresTarget.parse(
            "postgresql://u@h/db?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem", environment: ["PGSSLROOTCERT": "/x"])
        #expect(named.sslMode == .verifyCA && named.sslRootCert == "/etc/ca.pem")
        let fromEnvironment = try PostgresTarget.parse(
            "postgresql://u@h/db", environment: ["PGSSLROOTCERT": "/srv/root.crt"])
        #expect(fromEnvironment.sslRootCert == "/srv/root.crt")
        #expect(try PostgresTarget.parse("postgresql://u@h/db", environment: [:]).sslRootCert == nil)
    }

    @Test func mistakesAreNamedWithoutThePassword() {
        func message(_ uri: String) -> String {
            do {
                _ = try PostgresTarget.parse(uri, environment: [:])
                return ""
            } catch {
                return error.description
            }
        }
        #expect(message("postgresql://u:secret@h:99999/db").contains("port must be a number from 1 to 65535"))
        #expect(message("postgresql://u:secret@h/db?sslmode=maybe").contains("sslmode must be one of"))
        #expect(
            message("postgresql://u:secret@h/db?colour=red").contains("unknown PostgreSQL URI parameter \"colour\""))
        #expect(message("postgresql://u:sec%zzret@h/db").contains("the password in the PostgreSQL URI"))
        for uri in ["postgresql://u:secret@h:99999/db", "postgresql://u:sec%zzret@h/db"] {
            #expect(!message(uri).contains("secret") && !message(uri).contains("sec%zz"))
        }
    }

    @Test func thePasswordFileMatchesAsLibpqDoes() throws {
        let home = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/.pgpass"
        try """
        # comment
        other:5432:*:ana:wrong
        db.example:5432:crm:ana:first\\:match
        *:*:*:ana:fallback
        localhost:5433:*:bo:socket
        """.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        func password(_ uri: String) throws -> String? {
            try PostgresTarget.parse(uri, environment: ["HOME": home]).password
        }
        #expect(try password("postgresql://ana@db.example/crm") == "first:match")
        #expect(try password("postgresql://ana@elsewhere/crm") == "fallback")
        // A socket connection matches the host localhost.
        #expect(try password("postgresql://bo@%2Ftmp:5433/x") == "socket")
        #expect(try password("postgresql://bo@remote:5433/x") == nil)
        // The URI's or PGPASSWORD's password comes first.
        #expect(try password("postgresql://ana:given@db.example/crm") == "given")
        #expect(
            try PostgresTarget.parse(
                "postgresql://ana@db.example/crm", environment: ["HOME": home, "PGPASSWORD": "env"]
            )
            .password == "env")
        // PGPASSFILE names another file.
        #expect(
            try PostgresTarget.parse(
                "postgresql://ana@db.example/crm", environment: ["HOME": "/nonexistent", "PGPASSFILE": file]
            ).password == "first:match")
    }

    @Test func redactionTakesOutEveryPassword() {
        #expect(
            PostgresTarget.redacted(".load postgresql://a:b@h/db/t as x") == ".load postgresql://a@h/db/t as x")
        #expect(
            PostgresTarget.redacted("x postgres://a:b@h/db?password=c&sslmode=require y postgresql://d:e@f")
                == "x postgres://a@h/db?sslmode=require y postgresql://d@f")
        #expect(PostgresTarget.redacted("deals | count") == "deals | count")
    }
}

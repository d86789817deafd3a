import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQSQL

/// The scorecards' SQL beyond the golden set: the trend's quarters under every fiscal year start (the golden
/// datasets start in January or April, whose quarters are the calendar's), its numbers as text in each dialect,
/// and the construct a `for REP` cannot compile named and pointed at.
@Suite struct SQLScorecardTests {
    /// For each fiscal year start, `scorecard trend` on the example dataset gives in SQLite the engine's rows:
    /// the same quarters (their labels, the deals closed in them) and the same numbers as text.
    @Test func trendQuartersFollowTheFiscalYear() throws {
        guard let sqlite = findExecutable("sqlite3") else {
            Issue.record("sqlite3 is not installed: the SQL tests need it")
            return
        }
        let catalog = try GoldenDatasets.catalog("examples")
        var cases: [(start: Int, statement: SQLStatement, relation: Relation)] = []
        for start in 1...12 {
            catalog.fiscalYearStart = start
            let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
            let query = "deals | scorecard trend"
            let statement = try engine.sql(query, dialect: .sqlite)
            guard case .rows(let result) = try engine.run(query) else {
                Issue.record("no rows for fiscal start \(start)")
                continue
            }
            cases.append((start, statement, result.relation.materialized()))
        }
        let results = try SQLiteRun.run(
            sqlite, tables: catalog.tables, statements: cases.map(\.statement.text), context: "scorecard trend")
        for (test, result) in zip(cases, results) {
            switch result {
            case .failure(let failure):
                Issue.record("fiscal start \(test.start): SQLite failed: \(failure.message)")
            case .success(let rows):
                let difference = RowComparison.difference(test.relation, rows, fields: test.statement.fields)
                #expect(difference == nil, "fiscal start \(test.start): \(difference ?? "")")
            }
        }
        // Not vacuous: the quarters differ between the starts (FY labels, and the months each one takes).
        #expect(Set(cases.map { $0.relation.fields[1].value(at: 0) }).count > 3)
    }

    /// `for NAME` finds the rep among the rep column's values; a rep column the compiler cannot trace to a table
    /// (rows appended) has none to look in.
    @Test func aRepOfAnAppendedColumnIsPointedAt() throws {
        let engine = QueryEngine(
            catalog: try GoldenDatasets.catalog("fixture"), asOfDay: CivilTime.parseDate("2026-11-01"))
        let query = #"deals | append deals | scorecard for "Li Wei""#
        var shown: String?
        do throws(Diagnostic) {
            _ = try engine.sql(query, dialect: .duckdb)
        } catch {
            shown = DiagnosticRenderer().render(error, source: query)
        }
        #expect(
            shown == """
                error: scorecard for a rep of a computed rep column cannot be compiled to DuckDB SQL yet — run it in memory: without --sql, or after .load TABLE for a database source
                  deals | append deals | scorecard for "Li Wei"
                                                       ^^^^^^^^

                """, "\(shown ?? "no error")")
        // Without `for`, the same rows compile.
        _ = try engine.sql("deals | append deals | scorecard", dialect: .duckdb)
    }

    /// The numbers the trend's series hold, as each dialect writes them and `Scalar.plainDouble` does: whole
    /// numbers as integers, else 15 significant digits, with an exponent below 10⁻⁴ and from 10¹⁵.
    static let numbers: [Double] = [
        0, -0.0, 12_000, 0.5, 1.0 / 3, 218.5, 2.0 / 3 * 100, 123_456.789, -7.25, 1.5e-5, 1.0 / 30_000, -2.5e-7,
        1_234_567_890_123_456.5, 1e20, 0.0001,
    ]

    static func numbersAsText(_ dialect: SQLDialect) -> (statements: [String], expected: [String]) {
        let statements =
            numbers.map { "SELECT \(dialect.plainNumber(dialect.literal(.double($0), .double))) AS t" }
            + ["SELECT \(dialect.plainNumber(dialect.literal(.null, .double))) AS t"]
        return (statements, numbers.map(Scalar.plainDouble) + [""])
    }

    static func expectSame(_ results: [Result<[[Any]], SQLiteFailure>], _ expected: [String], _ dialect: SQLDialect) {
        #expect(results.count == expected.count)
        for (result, text) in zip(results, expected) {
            switch result {
            case .failure(let failure): Issue.record("\(dialect.displayName) failed for \(text): \(failure.message)")
            case .success(let rows):
                // psql's rows do not tell an empty string from null.
                let shown = rows.first?.first as? String ?? (dialect == .postgres ? "" : nil)
                #expect(shown == text, "\(dialect.displayName): \(rows)")
            }
        }
    }

    @Test func numbersAsTextInSQLiteAndDuckDB() throws {
        if let sqlite = findExecutable("sqlite3") {
            let (statements, expected) = Self.numbersAsText(.sqlite)
            Self.expectSame(
                try SQLiteRun.run(sqlite, tables: [], statements: statements, context: "numbers"), expected, .sqlite)
        } else {
            Issue.record("sqlite3 is not installed: the SQL tests need it")
        }
        if let python = findExecutable("python3"), DuckDBRun.available(python) {
            let (statements, expected) = Self.numbersAsText(.duckdb)
            Self.expectSame(try DuckDBRun.run(python, tables: [], statements: statements), expected, .duckdb)
        } else {
            Issue.record("DuckDB for Python is not installed: the SQL tests need it")
        }
    }

    @Test func numbersAsTextInPostgreSQL() throws {
        let server: PostgresServer
        do {
            server = try PostgresServer.start()
        } catch {
            Issue.record("\(error)")
            return
        }
        defer { server.stop() }
        let (statements, expected) = Self.numbersAsText(.postgres)
        Self.expectSame(try server.run(tables: [], statements: statements, schema: "numbers"), expected, .postgres)
    }
}

import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// attainment, coverage and `forecast by category` on generated data (`PipelineGenerator`: 4,000 deals, a quotas
/// table by rep and calendar quarter with team rows, a forecast category per deal) against hand-written SQL run by
/// DuckDB (`Tests/PipeQGoldenTests/duckdb-run.py`) over the same CSVs. The fiscal year starts in February, so a
/// fiscal quarter shares months with two calendar quarters of quotas: the SQL spreads each quota over its three
/// months itself (`date_diff('month', …)` of the overlap), independently of the verbs' `case` on the quota's month.
/// Compared as `SQLiteOracleTests` compares: row by row, numbers within 1e-9, null = empty.
@Suite struct QuotaDuckDBOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let pipeq: String
        let sql: String
        var testDescription: String { pipeq }
    }

    /// `[start, end)` of a period, and its label.
    struct Period {
        let start: String
        let end: String
        let label: String

        func contains(_ column: String) -> String {
            "\(column) >= DATE '\(start)' AND \(column) < DATE '\(end)'"
        }
    }

    // Fiscal years start in February: FY2027 = 2026-02-01 … 2027-01-31.
    static let fy2027Q1 = Period(start: "2026-02-01", end: "2026-05-01", label: "FY2027-Q1")
    /// The default: the fiscal quarter holding the as-of date 2026-11-01.
    static let fy2027Q4 = Period(start: "2026-11-01", end: "2027-02-01", label: "FY2027-Q4")
    static let fy2027 = Period(start: "2026-02-01", end: "2027-02-01", label: "FY2027")
    static let fy2027Q3 = Period(start: "2026-08-01", end: "2026-11-01", label: "FY2027-Q3")
    static let december = Period(start: "2026-12-01", end: "2027-01-01", label: "2026-12")

    /// Each quota row's share of the period: quota × months in common ÷ 3, rows sharing none left out; `who` picks
    /// rep rows (`rep IS NOT NULL`) or team rows (`rep IS NULL`).
    static func quotas(_ p: Period, key: String, who: String) -> String {
        """
        SELECT \(key) AS k, sum(quota * m / 3.0) AS quota FROM (
          SELECT \(key), quota, date_diff('month', greatest(period, DATE '\(p.start)'),
            least(CAST(period + INTERVAL 3 MONTH AS DATE), DATE '\(p.end)')) AS m
          FROM quotas WHERE \(who) AND \(key) IS NOT NULL AND quota IS NOT NULL) WHERE m > 0 GROUP BY \(key)
        """
    }

    static func won(_ p: Period) -> String {
        "coalesce(sum(value) FILTER (WHERE status = 'won' AND \(p.contains("close_date"))), 0)"
    }

    static func attainment(_ p: Period, key: String, who: String) -> String {
        """
        WITH d AS (SELECT \(key) AS k, \(won(p)) AS won FROM deals GROUP BY \(key)),
        q AS (\(quotas(p, key: key, who: who)))
        SELECT d.k, '\(p.label)', won, q.quota, CASE WHEN q.quota > 0 THEN won / q.quota END, q.quota - won,
          CASE WHEN q.quota IS NULL THEN 'no quota for \(p.label) in quotas' END
        FROM d LEFT JOIN q USING (k) ORDER BY d.k
        """
    }

    static func coverage(_ p: Period, key: String, who: String) -> String {
        let open = "status = 'open' AND \(p.contains("close_date"))"
        return """
            WITH d AS (SELECT \(key) AS k, \(won(p)) AS won,
              coalesce(sum(value) FILTER (WHERE \(open)), 0) AS pipeline,
              coalesce(sum(value * probability) FILTER (WHERE \(open)), 0) AS weighted FROM deals GROUP BY \(key)),
            q AS (\(quotas(p, key: key, who: who)))
            SELECT d.k, '\(p.label)', q.quota, won, q.quota - won, pipeline, weighted,
              CASE WHEN q.quota - won > 0 THEN pipeline / (q.quota - won) END,
              CASE WHEN q.quota - won > 0 THEN weighted / (q.quota - won) END,
              CASE WHEN q.quota IS NULL THEN 'no quota for \(p.label) in quotas' END
            FROM d LEFT JOIN q USING (k) ORDER BY d.k
            """
    }

    static func forecastByCategory(_ p: Period, key: String) -> String {
        let open = "status = 'open' AND \(p.contains("close_date"))"
        let category = "lower(trim(forecast_category))"
        func sum(_ test: String) -> String { "coalesce(sum(value) FILTER (WHERE \(open) AND \(test)), 0)" }
        let known = "('commit', 'best case', 'best_case', 'bestcase', 'best-case', 'pipeline', 'omitted')"
        return """
            WITH s AS (SELECT \(key) AS k, \(won(p)) AS closed, \(sum("\(category) = 'commit'")) AS c,
              \(sum("\(category) IN ('best case', 'best_case', 'bestcase', 'best-case')")) AS b,
              \(sum("\(category) = 'pipeline'")) AS pl, \(sum("\(category) = 'omitted'")) AS o,
              \(sum("(forecast_category IS NULL OR trim(forecast_category) = '' OR \(category) NOT IN \(known))")) AS u
              FROM deals GROUP BY \(key))
            SELECT k, '\(p.label)', closed, c, b, pl, o, u, closed + c, closed + c + b, closed + c + b + pl
            FROM s ORDER BY k
            """
    }

    static let cases: [Case] = [
        Case(
            pipeq: "deals | attainment by rep for 2027-Q1",
            sql: attainment(fy2027Q1, key: "rep", who: "rep IS NOT NULL")),
        Case(pipeq: "deals | attainment by team", sql: attainment(fy2027Q4, key: "team", who: "rep IS NULL")),
        Case(
            pipeq: "deals | attainment by team for 2027-Q3",
            sql: attainment(fy2027Q3, key: "team", who: "rep IS NULL")),
        Case(
            pipeq: "deals | coverage by rep for 2026-12",
            sql: coverage(december, key: "rep", who: "rep IS NOT NULL")),
        Case(pipeq: "deals | coverage by team", sql: coverage(fy2027Q4, key: "team", who: "rep IS NULL")),
        Case(
            pipeq: #"deals where segment = "Enterprise" | attainment for FY2027"#,
            sql: """
                WITH d AS (SELECT rep AS k, \(won(fy2027)) AS won FROM deals WHERE segment = 'Enterprise' GROUP BY rep),
                q AS (\(quotas(fy2027, key: "rep", who: "rep IS NOT NULL"))),
                t AS (SELECT sum(won) AS won, sum(q.quota) AS quota, count(*) FILTER (WHERE q.quota IS NULL) AS missing
                  FROM d LEFT JOIN q USING (k))
                SELECT 'FY2027', won, quota, CASE WHEN quota > 0 THEN won / quota END, quota - won,
                  CASE WHEN quota IS NULL THEN 'no quota for FY2027 in quotas'
                    WHEN missing > 0 THEN 'some reps have no quota for FY2027 in quotas: counted as 0' END
                FROM t
                """),
        Case(pipeq: "deals | forecast by category, team", sql: forecastByCategory(fy2027Q4, key: "team")),
        Case(
            pipeq: "deals | forecast by category, team for 2027-Q3", sql: forecastByCategory(fy2027Q3, key: "team")),
        Case(pipeq: "deals | forecast by category, rep for 2027", sql: forecastByCategory(fy2027, key: "rep")),
    ]

    /// Writes the generated dataset into a new folder (removed by the caller) and loads it as pipeq does.
    static func dataset() throws -> (Catalog, String) {
        let folder = NSTemporaryDirectory() + "pipeq-quota-oracle-\(UUID().uuidString)"
        _ = try PipelineGenerator(deals: 4_000, seed: 11, asOf: "2026-11-01").write(to: folder)
        try "fiscal_year_start = 2\n".write(toFile: folder + "/pipeline.toml", atomically: true, encoding: .utf8)
        return (try DatasetLoader.load(paths: [folder]).catalog, folder)
    }

    @Test(arguments: cases)
    func agreesWithDuckDB(_ oracle: Case) throws {
        guard let python = DuckDBOracle.python() else { return }
        let (catalog, folder) = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let setup = DuckDBOracle.setup(folder, [("deals", nil), ("quotas", nil)])
        let expected = try DuckDBOracle.rows(python, setup: setup, sql: oracle.sql)
        guard let actual = try DuckDBOracle.pipeqRows(oracle.pipeq, catalog) else { return }
        let context = "pipeq: \(oracle.pipeq)\nSQL:   \(oracle.sql)"
        DuckDBOracle.expectSame(actual, expected, context: context)
        // not vacuous: some quota, some won value and some open value in the compared rows
        #expect(actual.contains { $0.contains { Double($0).map { $0 > 1000 } ?? false } }, "\(context)")
    }
}

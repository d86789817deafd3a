import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// cac, payback, ltv and churn on generated data (`PipelineGenerator`: 4,000 deals with a source, its spend.csv and
/// revenue.csv, `[economics] margin = 0.6`) against hand-written SQL run by DuckDB
/// (`Tests/PipeQGoldenTests/duckdb-run.py`) over the same CSVs. The SQL builds the month grid and each customer's
/// first and lost months itself with `date_trunc`, independently of the verbs' plan nodes. Compared as
/// `QuotaDuckDBOracleTests` compares: row by row, numbers within 1e-9, null = empty.
@Suite struct EconomicsDuckDBOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let pipeq: String
        let sql: String
        var testDescription: String { pipeq }
    }

    static let noWins = "'no won deals in the spend''s sources and periods'"
    static let margin = 0.6

    /// Spend and won deals per spend cell (source, month), then per `key` (an expression of source and cell).
    static func acquisition(key: String) -> String {
        """
        s AS (SELECT channel AS source, month AS cell, sum(amount) AS spend FROM spend GROUP BY ALL),
        w AS (SELECT source, CAST(date_trunc('month', close_date) AS DATE) AS cell, count(*) AS won
          FROM deals WHERE status = 'won' GROUP BY ALL),
        a AS (SELECT \(key) AS k, sum(spend) AS spend, sum(coalesce(won, 0)) AS won
          FROM s LEFT JOIN w USING (source, cell) GROUP BY ALL)
        """
    }

    static func cac(key: String) -> String {
        """
        WITH \(acquisition(key: key))
        SELECT k, spend, won, CASE WHEN won > 0 THEN spend / won END, CASE WHEN won = 0 THEN \(noWins) END
        FROM a ORDER BY k
        """
    }

    /// Each customer's first month and the month it was lost (its end date's), and the per-`unit` grid.
    static func lifetimes(unit: String, key: String) -> String {
        """
        c AS (SELECT customer, \(key) AS k, min(month) AS first,
          CAST(date_trunc('month', max(end_date)) AS DATE) AS lost FROM revenue GROUP BY customer, \(key)),
        p AS (SELECT DISTINCT CAST(date_trunc('\(unit)', month) AS DATE) AS period FROM revenue),
        g AS (SELECT k, period, count(*) FILTER (WHERE first < period AND (lost IS NULL OR lost >= period)) AS customers,
          count(*) FILTER (WHERE first < period AND CAST(date_trunc('\(unit)', lost) AS DATE) = period) AS lost
          FROM p, c GROUP BY k, period)
        """
    }

    static func arpa(key: String) -> String {
        "r AS (SELECT \(key) AS k, sum(revenue) / count(revenue) AS arpa FROM revenue GROUP BY ALL)"
    }

    /// By period, the cohort's: revenue of the customers whose first month falls in the period.
    static func cohortARPA(unit: String) -> String {
        """
        f AS (SELECT customer, CAST(date_trunc('\(unit)', min(month)) AS DATE) AS k FROM revenue GROUP BY customer),
        r AS (SELECT k, sum(revenue) / count(revenue) AS arpa FROM revenue JOIN f USING (customer) GROUP BY k)
        """
    }

    static let cases: [Case] = [
        Case(pipeq: "deals | cac by source", sql: cac(key: "source")),
        Case(pipeq: "deals | cac by quarter", sql: cac(key: "CAST(date_trunc('quarter', cell) AS DATE)")),
        Case(
            pipeq: "deals | cac",
            sql: """
                WITH \(acquisition(key: "1"))
                SELECT spend, won, CASE WHEN won > 0 THEN spend / won END, CASE WHEN won = 0 THEN \(noWins) END FROM a
                """),
        Case(
            pipeq: "deals | payback by source",
            sql: """
                WITH \(acquisition(key: "source")), \(arpa(key: "source"))
                SELECT a.k, CASE WHEN won > 0 THEN spend / won END, arpa, \(margin),
                  CASE WHEN won > 0 THEN spend / won / (arpa * \(margin)) END, CASE WHEN won = 0 THEN \(noWins) END
                FROM a LEFT JOIN r USING (k) ORDER BY a.k
                """),
        Case(
            pipeq: "deals | payback by quarter",
            sql: """
                WITH \(acquisition(key: "CAST(date_trunc('quarter', cell) AS DATE)")), \(cohortARPA(unit: "quarter"))
                SELECT a.k, CASE WHEN won > 0 THEN spend / won END, arpa, \(margin),
                  CASE WHEN won > 0 THEN spend / won / (arpa * \(margin)) END,
                  CASE WHEN won = 0 THEN \(noWins) WHEN arpa IS NULL
                    THEN 'no revenue from customers first billed in the period' END
                FROM a LEFT JOIN r USING (k) ORDER BY a.k
                """),
        Case(
            pipeq: "deals | churn by quarter",
            sql: """
                WITH \(lifetimes(unit: "quarter", key: "1"))
                SELECT period, customers, lost, CASE WHEN customers > 0 THEN lost / customers END FROM g ORDER BY period
                """),
        Case(
            pipeq: "deals | churn by source, month",
            sql: """
                WITH \(lifetimes(unit: "month", key: "source"))
                SELECT k, period, customers, lost, CASE WHEN customers > 0 THEN lost / customers END
                FROM g ORDER BY k, period
                """),
        Case(
            pipeq: "deals | ltv by source",
            sql: """
                WITH \(lifetimes(unit: "month", key: "source")), \(arpa(key: "source")),
                m AS (SELECT k, sum(lost) / sum(customers) AS churn FROM g GROUP BY k)
                SELECT k, arpa, \(margin), churn, CASE WHEN churn > 0 THEN arpa * \(margin) / churn END,
                  CASE WHEN churn = 0 THEN 'no customer lost: monthly churn 0, lifetime unbounded' END
                FROM m JOIN r USING (k) ORDER BY k
                """),
    ]

    /// Writes the generated dataset into a new folder (removed by the caller) and loads it as pipeq does.
    static func dataset() throws -> (Catalog, String) {
        let folder = NSTemporaryDirectory() + "pipeq-economics-oracle-\(UUID().uuidString)"
        _ = try PipelineGenerator(deals: 4_000, seed: 11, asOf: "2026-11-01").write(to: folder)
        try "[economics]\nmargin = \(margin)\n".write(
            toFile: folder + "/pipeline.toml", atomically: true, encoding: .utf8)
        return (try DatasetLoader.load(paths: [folder]).catalog, folder)
    }

    @Test(arguments: cases)
    func agreesWithDuckDB(_ oracle: Case) throws {
        guard let python = DuckDBOracle.python() else { return }
        let (catalog, folder) = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let setup = DuckDBOracle.setup(folder, [("deals", nil), ("spend", nil), ("revenue", nil)])
        let expected = try DuckDBOracle.rows(python, setup: setup, sql: oracle.sql)
        guard let actual = try DuckDBOracle.pipeqRows(oracle.pipeq, catalog) else { return }
        let context = "pipeq: \(oracle.pipeq)\nSQL:   \(oracle.sql)"
        DuckDBOracle.expectSame(actual, expected, context: context)
        // not vacuous: some spend, revenue or customer count in the compared rows
        #expect(actual.contains { $0.contains { Double($0).map { $0 > 10 } ?? false } }, "\(context)")
    }
}

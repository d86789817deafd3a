import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// `leads | funnel` and `leads | conversion` on Data/leads (a small sample in the shape of Olist's marketing funnel:
/// marketing qualified leads and the closed deals naming their mql_id) against hand-written SQL run by DuckDB
/// (`Tests/PipeQGoldenTests/duckdb-run.py`) over the same CSVs: a left join of leads to deals on mql_id, days as
/// `epoch(won_date - first_contact_date) / 86400`. Compared row by row, numbers within 1e-9, null = empty.
@Suite struct LeadsDuckDBOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let pipeq: String
        let sql: String
        var testDescription: String { pipeq }
    }

    static let joined = """
        j AS (SELECT m.*, c.mql_id AS deal, epoch(c.won_date - CAST(m.first_contact_date AS TIMESTAMP)) / 86400 AS days
          FROM leads m LEFT JOIN deals c USING (mql_id))
        """

    static let cases: [Case] = [
        Case(
            pipeq: "leads | conversion by origin",
            sql: """
                WITH \(joined)
                SELECT origin, count(*), count(deal), count(deal) / count(*), median(days) FILTER (WHERE deal IS NOT NULL)
                FROM j GROUP BY origin ORDER BY origin NULLS LAST
                """),
        Case(
            pipeq: "leads | conversion",
            sql: """
                WITH \(joined)
                SELECT count(*), count(deal), count(deal) / count(*), median(days) FILTER (WHERE deal IS NOT NULL) FROM j
                """),
        Case(
            pipeq: "leads | funnel",
            sql: """
                WITH \(joined), n AS (SELECT count(*) AS l, count(deal) AS o FROM j)
                SELECT 'lead', l, NULL, 1.0, NULL FROM n UNION ALL
                SELECT 'qualified', l, 1.0, 1.0, 0 FROM n UNION ALL
                SELECT 'opportunity', o, o / l, o / l, l - o FROM n UNION ALL
                SELECT 'won', o, 1.0, o / l, 0 FROM n
                """),
    ]

    @Test(arguments: cases)
    func agreesWithDuckDB(_ oracle: Case) throws {
        guard let python = DuckDBOracle.python() else { return }
        let folder = (FixtureEngine.fixturePath as NSString).deletingLastPathComponent + "/leads"
        let setup = DuckDBOracle.setup(
            folder, [("leads", "marketing_qualified_leads.csv"), ("deals", "closed_deals.csv")])
        let expected = try DuckDBOracle.rows(python, setup: setup, sql: oracle.sql)
        let catalog = try DatasetLoader.load(paths: [folder]).catalog
        guard let actual = try DuckDBOracle.pipeqRows(oracle.pipeq, catalog) else { return }
        DuckDBOracle.expectSame(
            actual, expected, context: "pipeq: \(oracle.pipeq)\nSQL:   \(oracle.sql)", limit: .max)
    }
}

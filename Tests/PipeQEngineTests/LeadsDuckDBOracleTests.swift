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
        guard let python = findExecutable("python3"),
            (try? runProcess(python, ["-c", "import duckdb"], stdin: "", timeout: 60).0) == 0
        else {
            Issue.record("DuckDB for Python is not installed: this test needs it (pip install duckdb)")
            return
        }
        let folder = (FixtureEngine.fixturePath as NSString).deletingLastPathComponent + "/leads"
        let setup = """
            CREATE TABLE leads AS SELECT * FROM read_csv('\(folder)/marketing_qualified_leads.csv', header = true);
            CREATE TABLE deals AS SELECT * FROM read_csv('\(folder)/closed_deals.csv', header = true);
            """
        let script = OracleEngine.repositoryRoot + "/Tests/PipeQGoldenTests/duckdb-run.py"
        let job = try JSONSerialization.data(withJSONObject: ["setup": setup, "statements": [oracle.sql]])
        let (status, out, err) = try runProcess(
            python, [script], stdin: String(decoding: job, as: UTF8.self), timeout: 300)
        #expect(status == 0, "duckdb-run.py: \(err)")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        if let message = object?["error"] as? String { Issue.record("DuckDB: \(message)\n\(oracle.sql)") }
        let expected = ((object?["rows"] as? [[Any]]) ?? []).map { $0.map(QuotaDuckDBOracleTests.text) }

        let catalog = try DatasetLoader.load(paths: [folder]).catalog
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        guard case .rows(let result) = try engine.run(oracle.pipeq) else {
            Issue.record("pipeq: \(oracle.pipeq) did not return rows")
            return
        }
        let actual = Array(OracleCSV.parse(MachineRenderers.csv(result)).dropFirst())
        let context = "pipeq: \(oracle.pipeq)\nSQL:   \(oracle.sql)"
        #expect(expected.count >= 1, "DuckDB returned no rows — a vacuous case\n\(context)")
        #expect(
            actual.count == expected.count, "row count: pipeq \(actual.count), DuckDB \(expected.count)\n\(context)")
        for (i, (a, e)) in zip(actual, expected).enumerated() where !OracleCompare.rowsMatch(a, e) {
            Issue.record("row \(i + 1): pipeq \(a), DuckDB \(e)\n\(context)")
        }
    }
}

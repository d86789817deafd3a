import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// scorecard's per-rep values, team medians and ranks on generated data (`PipelineGenerator`: 4,000 deals, 60 reps)
/// against hand-written SQL run by DuckDB (`Tests/PipeQGoldenTests/duckdb-run.py`) over the same CSV: the deal
/// metrics per rep with filtered aggregates, the median with DuckDB's `median` (the mean of the middle two for an
/// even count) and the rank with `rank()` over the metric's better direction (nulls last, so they never push a rank
/// down). Compared as `QuotaDuckDBOracleTests` compares: row by row, numbers within 1e-9, null = empty.
@Suite struct ScorecardDuckDBOracleTests {
    static let pipeq = """
        deals | scorecard | where metric in ("deals", "win rate", "avg deal size", "avg cycle days", \
        "velocity per month") | select rep, metric, value, team_median, rank, of
        """

    static let sql = """
        WITH s AS (
          SELECT rep, count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'won') AS won,
            count(*) FILTER (WHERE status = 'lost') AS lost,
            avg(value) FILTER (WHERE status = 'won') AS size,
            avg(close_date - created) FILTER (WHERE status = 'won') AS cycle
          FROM deals WHERE rep IS NOT NULL GROUP BY rep),
        r AS (SELECT *, CASE WHEN won + lost > 0 THEN won / (won + lost) END AS rate FROM s),
        m AS (
          SELECT rep, 1 AS ord, 'deals' AS metric, CAST(open + won + lost AS DOUBLE) AS v, 1 AS better FROM r
          UNION ALL SELECT rep, 2, 'win rate', rate, 1 FROM r
          UNION ALL SELECT rep, 3, 'avg deal size', size, 1 FROM r
          UNION ALL SELECT rep, 4, 'avg cycle days', cycle, -1 FROM r
          UNION ALL SELECT rep, 5, 'velocity per month',
            CASE WHEN cycle > 0 THEN open * size * rate * 30 / cycle END, 1 FROM r)
        SELECT rep, metric, v, median(v) OVER (PARTITION BY metric),
          CASE WHEN v IS NOT NULL THEN rank() OVER (PARTITION BY metric ORDER BY -better * v NULLS LAST) END,
          count(v) OVER (PARTITION BY metric)
        FROM m ORDER BY rep, ord
        """

    @Test func agreesWithDuckDB() throws {
        guard let python = findExecutable("python3"),
            (try? runProcess(python, ["-c", "import duckdb"], stdin: "", timeout: 60).0) == 0
        else {
            Issue.record("DuckDB for Python is not installed: this test needs it (pip install duckdb)")
            return
        }
        let folder = NSTemporaryDirectory() + "pipeq-scorecard-oracle-\(UUID().uuidString)"
        _ = try PipelineGenerator(deals: 4_000, seed: 11, asOf: "2026-11-01").write(to: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try DatasetLoader.load(paths: [folder]).catalog
        let setup = "CREATE TABLE deals AS SELECT * FROM read_csv('\(folder)/deals.csv', header = true);"
        let script = OracleEngine.repositoryRoot + "/Tests/PipeQGoldenTests/duckdb-run.py"
        let job = try JSONSerialization.data(withJSONObject: ["setup": setup, "statements": [Self.sql]])
        let (status, out, err) = try runProcess(
            python, [script], stdin: String(decoding: job, as: UTF8.self), timeout: 300)
        #expect(status == 0, "duckdb-run.py: \(err)")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        if let message = object?["error"] as? String { Issue.record("DuckDB: \(message)") }
        let expected = ((object?["rows"] as? [[Any]]) ?? []).map { $0.map(QuotaDuckDBOracleTests.text) }

        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        guard case .rows(let result) = try engine.run(Self.pipeq) else {
            Issue.record("pipeq: the scorecard did not return rows")
            return
        }
        let actual = Array(OracleCSV.parse(MachineRenderers.csv(result)).dropFirst())
        #expect(expected.count >= 100, "DuckDB returned \(expected.count) rows — too few to mean anything")
        #expect(actual.count == expected.count, "row count: pipeq \(actual.count), DuckDB \(expected.count)")
        var mismatches = 0
        for (i, (a, e)) in zip(actual, expected).enumerated() where !OracleCompare.rowsMatch(a, e) {
            mismatches += 1
            if mismatches <= 5 { Issue.record("row \(i + 1): pipeq \(a), DuckDB \(e)") }
        }
        // not vacuous: ranks spread over the reps
        #expect(Set(actual.map { $0[4] }).count > 10)
    }
}

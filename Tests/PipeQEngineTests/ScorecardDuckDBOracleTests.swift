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
        guard let python = DuckDBOracle.python() else { return }
        let folder = NSTemporaryDirectory() + "pipeq-scorecard-oracle-\(UUID().uuidString)"
        _ = try PipelineGenerator(deals: 4_000, seed: 11, asOf: "2026-11-01").write(to: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try DatasetLoader.load(paths: [folder]).catalog
        let expected = try DuckDBOracle.rows(
            python, setup: DuckDBOracle.setup(folder, [("deals", nil)]), sql: Self.sql)
        guard let actual = try DuckDBOracle.pipeqRows(Self.pipeq, catalog) else { return }
        #expect(expected.count >= 100, "DuckDB returned \(expected.count) rows — too few to mean anything")
        DuckDBOracle.expectSame(actual, expected, context: "pipeq: \(Self.pipeq)")
        // not vacuous: ranks spread over the reps
        #expect(Set(actual.map { $0[4] }).count > 10)
    }
}

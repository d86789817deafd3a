import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// `changes summary` (the pipeline waterfall) on generated data (`PipelineGenerator`: 3,000 deals) against SQL run
/// by DuckDB (`Tests/PipeQGoldenTests/duckdb-run.py`) over the same CSVs. The SQL rebuilds each deal's stage at the
/// end of FROM and of TO itself (`arg_max(stage, entered_at)` of the history rows before the next midnight; a deal
/// exists once created), puts the deal in the period's pipeline when open with close_date ≤ TO, and classifies it
/// line by line as the verb's help states. The generated history has no close dates or amounts, so the amount and
/// pushed lines are 0 here (the golden verbs-slippage.test covers them by hand).
@Suite struct WaterfallDuckDBOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let from: String
        let to: String
        let team: String?
        var testDescription: String { "\(from) → \(to)" + (team.map { " team \($0)" } ?? "") }
        var pipeq: String {
            "deals" + (team.map { " where team = \"\($0)\"" } ?? "")
                + " | changes summary from \(from) to \(to) | select kind, deals, value"
        }
    }

    static let cases: [Case] = [
        Case(from: "2025-12-31", to: "2026-03-31", team: nil),
        Case(from: "2026-06-30", to: "2026-09-30", team: nil),
        Case(from: "2025-09-30", to: "2026-11-01", team: nil),
        Case(from: "2026-03-31", to: "2026-06-30", team: "Enterprise NA"),
    ]

    static func sql(_ c: Case) -> String {
        func status(_ day: String, _ stage: String) -> String {
            """
            CASE WHEN d.created > DATE '\(day)' THEN 'absent' WHEN \(stage) = 'Closed Won' THEN 'won'
              WHEN \(stage) = 'Closed Lost' THEN 'lost' ELSE 'open' END
            """
        }
        let before = { (day: String) in "entered_at < CAST(DATE '\(day)' + INTERVAL 1 DAY AS TIMESTAMP)" }
        let filter = c.team.map { "WHERE d.team = '\($0)'" } ?? ""
        func line(_ k: Int, _ kind: String, _ test: String) -> String {
            "SELECT \(k) AS k, '\(kind)' AS kind, count(*) FILTER (WHERE \(test)) AS n, "
                + "coalesce(sum(v) FILTER (WHERE \(test)), 0) AS val FROM f"
        }
        let entered = "NOT ins AND (ine OR closed)"
        return """
            WITH h AS (SELECT deal_id, arg_max(stage, entered_at) FILTER (WHERE \(before(c.from))) AS s_stage,
              arg_max(stage, entered_at) FILTER (WHERE \(before(c.to))) AS e_stage FROM history GROUP BY deal_id),
            st AS (SELECT coalesce(d.value, 0) AS v, d.close_date AS c, \(status(c.from, "h.s_stage")) AS s,
              \(status(c.to, "h.e_stage")) AS e FROM deals d LEFT JOIN h ON h.deal_id = d.id \(filter)),
            f AS (SELECT v, s, e, coalesce(s = 'open' AND c <= DATE '\(c.to)', false) AS ins,
              coalesce(e = 'open' AND c <= DATE '\(c.to)', false) AS ine,
              e IN ('won', 'lost') AND s IN ('open', 'absent') AS closed FROM st),
            lines AS (
              \(line(0, "open at start", "ins")) UNION ALL
              \(line(1, "created", "\(entered) AND s <> 'open'")) UNION ALL
              \(line(2, "pulled", "\(entered) AND s = 'open'")) UNION ALL
              SELECT 3, 'amount up', 0, 0 UNION ALL SELECT 4, 'amount down', 0, 0 UNION ALL
              \(line(5, "pushed", "ins AND NOT ine AND NOT closed")) UNION ALL
              \(line(6, "lost", "closed AND e = 'lost'")) UNION ALL
              \(line(7, "won", "closed AND e = 'won'")) UNION ALL
              \(line(8, "open at end", "ine")))
            SELECT kind, n, val FROM lines ORDER BY k
            """
    }

    @Test(arguments: cases)
    func agreesWithDuckDB(_ oracle: Case) throws {
        guard let python = DuckDBOracle.python() else { return }
        let folder = NSTemporaryDirectory() + "pipeq-waterfall-oracle-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try PipelineGenerator(deals: 3_000, seed: 11, asOf: "2026-11-01").write(to: folder)
        let catalog = try DatasetLoader.load(paths: [folder]).catalog
        let sql = Self.sql(oracle)
        let expected = try DuckDBOracle.rows(
            python, setup: DuckDBOracle.setup(folder, [("deals", nil), ("history", nil)]), sql: sql)
        guard let actual = try DuckDBOracle.pipeqRows(oracle.pipeq, catalog) else { return }
        let context = "pipeq: \(oracle.pipeq)\nSQL:   \(sql)"
        #expect(actual.count == 9 && expected.count == 9, "rows: pipeq \(actual.count), DuckDB \(expected.count)")
        DuckDBOracle.expectSame(actual, expected, context: context, limit: .max, countChecked: true)
        // not vacuous: deals at the start, and some that closed in the period
        #expect(actual.first.flatMap { Int($0[1]) }.map { $0 > 0 } ?? false, "\(context)")
        #expect(actual.dropLast().last.flatMap { Int($0[1]) }.map { $0 > 0 } ?? false, "\(context)")
    }
}

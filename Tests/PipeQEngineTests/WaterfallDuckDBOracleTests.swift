import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// `changes summary` (the pipeline waterfall) on generated data (`PipelineGenerator`: 3,000 deals) against SQL run
/// by DuckDB (`Tests/PipeQGoldenTests/duckdb-run.py`) over the same CSVs. The SQL rebuilds each deal's stage, close
/// date and amount at the end of FROM and of TO itself from the history rows (one per change, as the generator logs
/// them: `arg_max(…, entered_at)` of the rows before the next midnight, the deal's current close date and value
/// when there is none; a deal exists once created), puts the deal in the period's pipeline when open with its
/// close date as it stood ≤ TO, and classifies it line by line as the verb's help states. The generated history
/// holds close-date pushes and pulls and amount revisions inside stages, which pipeq folds into stays and keeps in
/// the terms table; the SQL reads the rows as they are.
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
        // The last row's value by the end of `day` (rows without one skipped).
        func at(_ column: String, _ day: String) -> String {
            "arg_max(\(column), entered_at) FILTER (WHERE \(before(day)) AND \(column) IS NOT NULL)"
        }
        let filter = c.team.map { "WHERE d.team = '\($0)'" } ?? ""
        func line(_ k: Int, _ kind: String, _ test: String, _ value: String = "ve") -> String {
            "SELECT \(k) AS k, '\(kind)' AS kind, count(*) FILTER (WHERE \(test)) AS n, "
                + "coalesce(sum(\(value)) FILTER (WHERE \(test)), 0) AS val FROM f"
        }
        let entered = "NOT ins AND (ine OR closed)"
        return """
            WITH h AS (SELECT deal_id, arg_max(stage, entered_at) FILTER (WHERE \(before(c.from))) AS s_stage,
              arg_max(stage, entered_at) FILTER (WHERE \(before(c.to))) AS e_stage,
              \(at("close_date", c.from)) AS s_close, \(at("close_date", c.to)) AS e_close,
              \(at("amount", c.from)) AS s_amount, \(at("amount", c.to)) AS e_amount FROM history GROUP BY deal_id),
            st AS (SELECT coalesce(h.s_amount, d.value, 0) AS vs, coalesce(h.e_amount, d.value, 0) AS ve,
              coalesce(h.s_close, d.close_date) AS cs, coalesce(h.e_close, d.close_date) AS ce,
              \(status(c.from, "h.s_stage")) AS s, \(status(c.to, "h.e_stage")) AS e
              FROM deals d LEFT JOIN h ON h.deal_id = d.id \(filter)),
            f AS (SELECT vs, ve, s, e, coalesce(s = 'open' AND cs <= DATE '\(c.to)', false) AS ins,
              coalesce(e = 'open' AND ce <= DATE '\(c.to)', false) AS ine,
              e IN ('won', 'lost') AND s IN ('open', 'absent') AS closed FROM st),
            lines AS (
              \(line(0, "open at start", "ins", "vs")) UNION ALL
              \(line(1, "created", "\(entered) AND s <> 'open'")) UNION ALL
              \(line(2, "pulled", "\(entered) AND s = 'open'")) UNION ALL
              \(line(3, "amount up", "ins AND ve > vs", "ve - vs")) UNION ALL
              \(line(4, "amount down", "ins AND ve < vs", "vs - ve")) UNION ALL
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
        // not vacuous: deals at the start, some that closed in the period, and (over all teams) amount changes and
        // pushed deals from edits inside stages (in the 13 months up to the as-of date none is pushed)
        #expect(actual.first.flatMap { Int($0[1]) }.map { $0 > 0 } ?? false, "\(context)")
        #expect(actual.dropLast().last.flatMap { Int($0[1]) }.map { $0 > 0 } ?? false, "\(context)")
        if oracle.team == nil, actual.count == 9 {
            for line in oracle.to == "2026-11-01" ? [3, 4] : [3, 4, 5] {
                #expect(Int(actual[line][1]).map { $0 > 0 } ?? false, "\(actual[line][0]) is 0\n\(context)")
            }
        }
    }
}

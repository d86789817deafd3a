import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// Differential test: each pipeq query over `examples/` is paired with hand-written SQL that means the same,
/// run by the `sqlite3` command-line tool over the same three CSVs in an in-memory database. Results are
/// compared row by row: numbers with a relative tolerance of 1e-9, empty cell = null, everything else exactly.
///
/// How the SQL side is set up (`SQLiteOracle.setupScript`):
/// - `.import` reads every CSV value as TEXT (empty cells as ''); typed tables are then built once with
///   `CAST(... AS INTEGER/REAL)` and `NULLIF(x, '')`, keeping the file's row order as rowid order.
/// - Dates and datetimes stay ISO text, which compares correctly as text. Durations are days:
///   `julianday(a) - julianday(b)` for dates, `(strftime('%s', a) - strftime('%s', b)) / 86400.0` for
///   datetimes (exact whole seconds; julianday differences of datetimes carry ~5e-10 day of rounding).
/// - `age` = `julianday('2026-11-01') - julianday(created)`; `today` = '2026-11-01'.
/// - A `stage_order` table holds pipeline.toml's stage order.
/// - history.csv logs one row per change (stage changes and close-date or amount edits, no exit times), as
///   Salesforce's OpportunityHistory does: `history_rows` holds them all, `history` the stays pipeq folds them
///   into (rows repeating the deal's stage before them left out; exited_at = the same deal's next stay's
///   entered_at), written with `LAG` and `LEAD`.
///
/// Documented semantic differences, written into the SQL below rather than ignored:
/// - `stage` is ordinal in pipeq (pipeline order from pipeline.toml): groups, `sort stage`, `distinct stage` and
///   `stage > "…"` use that order, so the SQL orders/compares by `stage_order.ord`.
/// - pipeq orders groups (and `distinct`) by key ascending, strings in byte order (SQLite's BINARY collation), and
///   puts null keys last; `sort` puts nulls last in both directions (`NULLS LAST`); `sort`/`top` are stable, so
///   ties keep input order — the SQL adds the group key or `rowid` as the tie-breaker.
/// - `/` always divides as numbers in pipeq (`7 / 2` = 3.5); SQLite truncates integer division, so the SQL
///   writes `/ 4.0`. Division by zero is null in both.
/// - Calendar months clamp in pipeq (`2026-03-31 + 1mo` = 2026-04-30); SQLite's `date(x, '+1 month')`
///   overflows into the next month (2026-05-01), so the SQL spells out the clamp.
/// - `contains` / `starts with` / `ends with` are case-sensitive; SQLite's LIKE is not (for ASCII), so the SQL
///   uses `instr` and `substr`. `~=` is case-insensitive equality (`lower(a) = lower(b)`).
/// - Booleans print as true/false in pipeq and 1/0 in SQLite; the comparison maps true/false to 1/0.
/// - pipeq's CSV writes doubles with 10 significant digits (`%.10g`), so e.g. the total value 171578335.42 reads
///   171578335.4 — within the 1e-9 tolerance, so these tests do not flag it (CLITests records it as a known issue).
/// - `not` follows SQL three-valued logic in both (`not (null > x)` is unknown, so the row is dropped).
@Suite struct SQLiteOracleTests {
    @Test(arguments: OracleCase.all)
    func agreesWithSQLite(_ oracle: OracleCase) throws {
        let sqlite = try SQLiteOracle.shared()
        let expected = try sqlite.query(oracle.sql)
        let actual = try OracleEngine.run(oracle)
        let header = actual.first ?? []
        let rows = Array(actual.dropFirst())
        var expectedRows = expected
        var actualRows = rows
        if !oracle.ordered {
            expectedRows.sort { $0.lexicographicallyPrecedes($1) }
            actualRows.sort { $0.lexicographicallyPrecedes($1) }
        }
        let context = "pipeq: \(oracle.pipeq)\nSQL:   \(oracle.sql)\npipeq columns: \(header)"
        #expect(!expected.isEmpty || oracle.allowsEmpty, "SQL returned no rows — a vacuous case\n\(context)")
        guard actualRows.count == expectedRows.count else {
            let detail =
                "pipeq first rows: \(Array(actualRows.prefix(5)))\nsqlite first rows: \(Array(expectedRows.prefix(5)))"
            Issue.record("row count: pipeq \(actualRows.count), sqlite \(expectedRows.count)\n\(context)\n\(detail)")
            return
        }
        var mismatches = 0
        for (i, (a, e)) in zip(actualRows, expectedRows).enumerated() where !OracleCompare.rowsMatch(a, e) {
            mismatches += 1
            if mismatches <= 5 { Issue.record("row \(i + 1): pipeq \(a), sqlite \(e)\n\(context)") }
        }
        if mismatches > 5 { Issue.record("\(mismatches) rows differ in all\n\(context)") }
    }

    @Test func coversAtLeastFortyQueries() {
        #expect(OracleCase.all.count >= 40)
        #expect(Set(OracleCase.all.map(\.pipeq)).count == OracleCase.all.count, "duplicate pipeq queries")
    }

    /// The comparison itself: tolerance, nulls, booleans.
    @Test func comparisonRules() {
        #expect(OracleCompare.cellsMatch("171578335.4", "171578335.42"))
        #expect(!OracleCompare.cellsMatch("171578335", "171578336"))
        #expect(OracleCompare.cellsMatch("300", "300.0"))
        #expect(OracleCompare.cellsMatch("", ""))
        #expect(!OracleCompare.cellsMatch("", "0"))
        #expect(OracleCompare.cellsMatch("true", "1"))
        #expect(!OracleCompare.cellsMatch("Proposal", "proposal"))
        #expect(OracleCSV.parse("a,\"b,\"\"c\"\"\"\n,x\n") == [["a", "b,\"c\""], ["", "x"]])
    }
}

/// One pipeq query and the SQL that should give the same rows.
struct OracleCase: Sendable, CustomTestStringConvertible {
    let pipeq: String
    let sql: String
    /// Compare row order too (pipeq's order is defined: input order, group keys, sort). False: as multisets.
    var ordered = true
    /// pipeq statements run first (e.g. `let`).
    var prelude: [String] = []
    /// The case expects no rows.
    var allowsEmpty = false

    var testDescription: String { pipeq }

    /// `ORDER BY` expression for stage in pipeline order.
    static let stageOrd = "(SELECT ord FROM stage_order WHERE name = stage)"
    /// Durations between two datetime columns, in days, exactly.
    static func secondsDays(_ a: String, _ b: String) -> String {
        "((strftime('%s', \(a)) - strftime('%s', \(b))) / 86400.0)"
    }
    static let age = "(julianday('2026-11-01') - julianday(created))"

    static let all: [OracleCase] =
        [
            // --- counts and filters: and / or / not, comparisons on numbers, dates, strings
            OracleCase(pipeq: #"deals | count"#, sql: "SELECT COUNT(*) FROM deals"),
            OracleCase(
                pipeq: #"deals where value > 100k | count"#, sql: "SELECT COUNT(*) FROM deals WHERE value > 100000"),
            OracleCase(
                pipeq: #"deals where value >= 250000 and status = "won" | select id, value, rep"#,
                sql: "SELECT id, value, rep FROM deals WHERE value >= 250000 AND status = 'won' ORDER BY rowid"),
            OracleCase(
                pipeq: #"deals where stage = "Proposal" or stage = "Negotiation" | count by rep"#,
                sql:
                    "SELECT rep, COUNT(*) FROM deals WHERE stage = 'Proposal' OR stage = 'Negotiation' GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq: #"deals where not (status = "open") | count"#,
                sql: "SELECT COUNT(*) FROM deals WHERE NOT (status = 'open')"),
            OracleCase(
                pipeq: #"deals where not (value > 50k and region = "EMEA") and not status = "lost" | count by region"#,
                sql:
                    "SELECT region, COUNT(*) FROM deals WHERE NOT (value > 50000 AND region = 'EMEA') AND NOT status = 'lost' GROUP BY region ORDER BY region"
            ),
            OracleCase(
                pipeq: #"deals where not (status = "open" or value < 5k) | count"#,
                sql: "SELECT COUNT(*) FROM deals WHERE NOT (status = 'open' OR value < 5000)"),
            OracleCase(
                pipeq:
                    #"deals where value != 0 and probability < 0.5 and lead_score <= 20 | select id, probability, lead_score"#,
                sql:
                    "SELECT id, probability, lead_score FROM deals WHERE value != 0 AND probability < 0.5 AND lead_score <= 20 ORDER BY rowid"
            ),
            OracleCase(
                pipeq: #"deals where created >= 2026-01-01 and created < 2026-04-01 | count"#,
                sql: "SELECT COUNT(*) FROM deals WHERE created >= '2026-01-01' AND created < '2026-04-01'"),
            OracleCase(
                pipeq: #"deals where close_date <= 2025-03-31 | select id, created, close_date"#,
                sql: "SELECT id, created, close_date FROM deals WHERE close_date <= '2025-03-31' ORDER BY rowid"),
            OracleCase(
                pipeq: #"deals where rep < "D" | count distinct rep"#,
                sql: "SELECT COUNT(DISTINCT rep) FROM deals WHERE rep < 'D'"),
            OracleCase(
                pipeq: #"deals where account >= "M" and account < "N" | count by account"#,
                sql:
                    "SELECT account, COUNT(*) FROM deals WHERE account >= 'M' AND account < 'N' GROUP BY account ORDER BY account"
            ),
            OracleCase(
                pipeq: #"deals where stage > "Needs Analysis" | count"#,  // stage is ordinal: pipeline order
                sql:
                    "SELECT COUNT(*) FROM deals WHERE \(stageOrd) > (SELECT ord FROM stage_order WHERE name = 'Needs Analysis')"
            ),
            OracleCase(
                pipeq: #"deals where stage ~= "closed WON" | count by rep"#,
                sql:
                    "SELECT rep, COUNT(*) FROM deals WHERE lower(stage) = lower('closed WON') GROUP BY rep ORDER BY rep"
            ),
            // --- in, between
            OracleCase(
                pipeq: #"deals where rep in ("Maya Jensen", "Sam Lindqvist", "Nobody") | count by rep"#,
                sql:
                    "SELECT rep, COUNT(*) FROM deals WHERE rep IN ('Maya Jensen', 'Sam Lindqvist', 'Nobody') GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq: #"deals where team not in ("Enterprise NA", "Enterprise EMEA") | sum value by team"#,
                sql:
                    "SELECT team, SUM(value) FROM deals WHERE team NOT IN ('Enterprise NA', 'Enterprise EMEA') GROUP BY team ORDER BY team"
            ),
            OracleCase(
                pipeq: #"deals where value between 10k and 50k | count"#,
                sql: "SELECT COUNT(*) FROM deals WHERE value BETWEEN 10000 AND 50000"),
            OracleCase(
                pipeq: #"deals where probability not between 0.2 and 0.8 | count by stage"#,
                sql:
                    "SELECT stage, COUNT(*) FROM deals WHERE probability NOT BETWEEN 0.2 AND 0.8 GROUP BY stage ORDER BY \(stageOrd)"
            ),
            OracleCase(
                pipeq: #"deals where created between 2026-03-01 and 2026-03-31 | select id, created"#,
                sql: "SELECT id, created FROM deals WHERE created BETWEEN '2026-03-01' AND '2026-03-31' ORDER BY rowid"),
            // --- contains / starts with / ends with (case-sensitive)
            OracleCase(
                pipeq: #"deals where name contains "Analytics" | count by segment"#,
                sql:
                    "SELECT segment, COUNT(*) FROM deals WHERE instr(name, 'Analytics') > 0 GROUP BY segment ORDER BY segment"
            ),
            OracleCase(
                pipeq: #"deals where name contains "analytics" | count"#,  // LIKE '%analytics%' would say otherwise
                sql: "SELECT COUNT(*) FROM deals WHERE instr(name, 'analytics') > 0"),
            OracleCase(
                pipeq: #"deals where account starts with "Ion" | select id, account"#,
                sql: "SELECT id, account FROM deals WHERE substr(account, 1, 3) = 'Ion' ORDER BY rowid"),
            OracleCase(
                pipeq: #"deals where name ends with "Renewal" | count by segment"#,
                sql:
                    "SELECT segment, COUNT(*) FROM deals WHERE substr(name, -7) = 'Renewal' GROUP BY segment ORDER BY segment"
            ),
            OracleCase(
                pipeq: #"deals where name not contains "New Business" and account not starts with "A" | count"#,
                sql: "SELECT COUNT(*) FROM deals WHERE instr(name, 'New Business') = 0 AND substr(account, 1, 1) != 'A'"
            ),
            // --- nulls and three-valued logic (history.exited_at is empty for each deal's current stage)
            OracleCase(
                pipeq: #"history where exited_at is null | count by stage"#,
                sql: "SELECT stage, COUNT(*) FROM history WHERE exited_at IS NULL GROUP BY stage ORDER BY \(stageOrd)"),
            OracleCase(
                pipeq: #"history where exited_at is not null and stage = "Proposal" | count"#,
                sql: "SELECT COUNT(*) FROM history WHERE exited_at IS NOT NULL AND stage = 'Proposal'"),
            OracleCase(
                pipeq: #"history where not (exited_at < 2026-01-01) | count"#,
                sql: "SELECT COUNT(*) FROM history WHERE NOT (exited_at < '2026-01-01 00:00:00')"),
            OracleCase(
                pipeq: #"history where not (exited_at >= 2026-06-01 and stage = "Proposal") | count by stage"#,
                sql:
                    "SELECT stage, COUNT(*) FROM history WHERE NOT (exited_at >= '2026-06-01 00:00:00' AND stage = 'Proposal') GROUP BY stage ORDER BY \(stageOrd)"
            ),
            OracleCase(
                pipeq: #"history where exited_at > 2026-06-01 or exited_at is null | count"#,
                sql: "SELECT COUNT(*) FROM history WHERE exited_at > '2026-06-01 00:00:00' OR exited_at IS NULL"),
            OracleCase(
                pipeq: #"history where exited_at not between 2025-01-01 and 2026-01-01 | count"#,
                sql:
                    "SELECT COUNT(*) FROM history WHERE exited_at NOT BETWEEN '2025-01-01 00:00:00' AND '2026-01-01 00:00:00'"
            ),
            OracleCase(
                pipeq: #"history where exited_at != entered_at | count by stage"#,
                sql:
                    "SELECT stage, COUNT(*) FROM history WHERE exited_at != entered_at GROUP BY stage ORDER BY \(stageOrd)"
            ),
            OracleCase(
                pipeq: #"history where not (date(exited_at) in (2025-04-16, 2026-01-05)) | count"#,
                sql: "SELECT COUNT(*) FROM history WHERE NOT (date(exited_at) IN ('2025-04-16', '2026-01-05'))"),
            OracleCase(
                pipeq: #"history | count, count exited_at, count distinct exited_at, min exited_at, max exited_at"#,
                sql:
                    "SELECT COUNT(*), COUNT(exited_at), COUNT(DISTINCT exited_at), MIN(exited_at), MAX(exited_at) FROM history"
            ),
            // --- every close-date and amount edit, kept in the terms table (history_rows here, without the rows
            // repeating the deal's close date and amount before them), and slipped
            OracleCase(
                pipeq: #"terms | count, count distinct deal_id, sum amount, min close_date, max close_date"#,
                sql: """
                    SELECT COUNT(*), COUNT(DISTINCT deal_id), SUM(amount), MIN(close_date), MAX(close_date) FROM (
                    SELECT *, LAG(close_date) OVER w AS c, LAG(amount) OVER w AS a, ROW_NUMBER() OVER w AS k
                    FROM history_rows WINDOW w AS (PARTITION BY deal_id ORDER BY entered_at, r))
                    WHERE k = 1 OR close_date IS NOT c OR amount IS NOT a
                    """),
            OracleCase(
                pipeq: #"deals | slipped | where slipped > 0 | count by slipped"#,
                sql: """
                    SELECT n, COUNT(*) FROM (SELECT deal_id, SUM(close_date > previous) AS n FROM (SELECT deal_id,
                    close_date, LAG(close_date) OVER (PARTITION BY deal_id ORDER BY entered_at, r) AS previous
                    FROM history_rows) GROUP BY deal_id) WHERE n > 0 GROUP BY n ORDER BY n
                    """),
            OracleCase(
                pipeq: #"deals | slipped | sum slipped by rep"#,
                sql: """
                    SELECT d.rep, SUM(coalesce(p.n, 0)) FROM deals d LEFT JOIN (SELECT deal_id, SUM(close_date > previous)
                    AS n FROM (SELECT deal_id, close_date, LAG(close_date) OVER (PARTITION BY deal_id
                    ORDER BY entered_at, r) AS previous FROM history_rows) GROUP BY deal_id) p ON p.deal_id = d.id
                    GROUP BY d.rep ORDER BY d.rep
                    """),
            OracleCase(
                pipeq: #"history | count by exited_at is null"#,
                sql: "SELECT exited_at IS NULL AS b, COUNT(*) FROM history GROUP BY b ORDER BY b"),
            OracleCase(
                pipeq: #"history | extend t = coalesce(exited_at - entered_at, 0d) | sum t by stage"#,
                sql:
                    "SELECT stage, SUM(coalesce(\(secondsDays("exited_at", "entered_at")), 0)) FROM history GROUP BY stage ORDER BY \(stageOrd)"
            ),
            OracleCase(
                pipeq: #"deals | min rep, max rep, min stage, max stage"#,  // min/max of stage follow pipeline order
                sql:
                    "SELECT MIN(rep), MAX(rep), (SELECT name FROM stage_order WHERE ord = (SELECT MIN(\(stageOrd)) FROM deals)), (SELECT name FROM stage_order WHERE ord = (SELECT MAX(\(stageOrd)) FROM deals)) FROM deals"
            ),
            OracleCase(
                pipeq: #"deals | count, count cycle, avg cycle, min cycle, max cycle"#,  // cycle is null for open deals
                sql:
                    "SELECT COUNT(*), COUNT(c), AVG(c), MIN(c), MAX(c) FROM (SELECT CASE WHEN status IN ('won', 'lost') THEN julianday(close_date) - julianday(created) END AS c FROM deals)"
            ),
            // --- arithmetic
            OracleCase(
                pipeq: #"deals | extend w = value * probability | sum w"#,
                sql: "SELECT SUM(value * probability) FROM deals"),
            OracleCase(
                pipeq:
                    #"deals | select id, x = value / 1000 + lead_score * 2 - 1, y = lead_score / 4, z = -value | limit 25"#,
                sql:
                    "SELECT id, value / 1000 + lead_score * 2 - 1, lead_score / 4.0, -value FROM deals ORDER BY rowid LIMIT 25"
            ),
            OracleCase(
                pipeq:
                    #"deals | extend r = value / (lead_score - 50) | select id, lead_score, r | where lead_score between 48 and 52"#,
                sql:
                    "SELECT id, lead_score, value / (lead_score - 50) FROM deals WHERE lead_score BETWEEN 48 AND 52 ORDER BY rowid"
            ),
            OracleCase(
                pipeq: #"deals | extend d = abs(lead_score - 50), r = round(value / 1000, 1) | avg d, sum r, max r"#,
                sql:
                    "SELECT AVG(ABS(lead_score - 50)), SUM(ROUND(value / 1000, 1)), MAX(ROUND(value / 1000, 1)) FROM deals"
            ),
            // --- aggregates
            OracleCase(
                pipeq: #"deals | sum value, avg value, min value, max value, sum lead_score"#,
                sql: "SELECT SUM(value), AVG(value), MIN(value), MAX(value), SUM(lead_score) FROM deals"),
            OracleCase(
                pipeq: #"deals | min created, max created, min close_date, max close_date"#,
                sql: "SELECT MIN(created), MAX(created), MIN(close_date), MAX(close_date) FROM deals"),
            OracleCase(
                pipeq: #"deals | count distinct account, count distinct rep, count distinct stage"#,
                sql: "SELECT COUNT(DISTINCT account), COUNT(DISTINCT rep), COUNT(DISTINCT stage) FROM deals"),
            OracleCase(
                pipeq: #"deals | count distinct account by team"#,
                sql: "SELECT team, COUNT(DISTINCT account) FROM deals GROUP BY team ORDER BY team"),
            OracleCase(
                pipeq: #"deals | count by stage"#,
                sql: "SELECT stage, COUNT(*) FROM deals GROUP BY stage ORDER BY \(stageOrd)"),
            OracleCase(
                pipeq: #"deals | sum value, count by team, status"#,
                sql: "SELECT team, status, SUM(value), COUNT(*) FROM deals GROUP BY team, status ORDER BY team, status"),
            OracleCase(
                pipeq: #"deals | avg value by stage, segment"#,
                sql:
                    "SELECT stage, segment, AVG(value) FROM deals GROUP BY stage, segment ORDER BY \(stageOrd), segment"
            ),
            OracleCase(
                pipeq: #"deals | count by lead_score > 50"#,  // booleans: false < true
                sql: "SELECT lead_score > 50 AS b, COUNT(*) FROM deals GROUP BY b ORDER BY b"),
            // --- filtered aggregates
            OracleCase(
                pipeq: #"deals | won = count where status = "won", lost = count where status = "lost" by rep"#,
                sql:
                    "SELECT rep, SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) FROM deals GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq:
                    #"deals | avg value where status = "won", avg value where status = "lost", sum value where value > 200k by segment"#,
                sql:
                    "SELECT segment, AVG(CASE WHEN status = 'won' THEN value END), AVG(CASE WHEN status = 'lost' THEN value END), SUM(CASE WHEN value > 200000 THEN value END) FROM deals GROUP BY segment ORDER BY segment"
            ),
            OracleCase(
                pipeq:
                    // nothing matches the first
                    #"deals where segment = "SMB" | sum value where value > 200k, count where stage = "Prospecting""#,
                sql:
                    "SELECT SUM(CASE WHEN value > 200000 THEN value END), SUM(CASE WHEN stage = 'Prospecting' THEN 1 ELSE 0 END) FROM deals WHERE segment = 'SMB'"
            ),
            // --- sort, limit, top, distinct
            OracleCase(
                pipeq: #"deals | sort value desc | limit 10 | select id, value"#,
                sql: "SELECT id, value FROM deals ORDER BY value DESC, rowid LIMIT 10"),
            OracleCase(
                pipeq: #"deals | select rep, id | sort rep, id desc | limit 30"#,
                sql: "SELECT rep, id FROM deals ORDER BY rep, id DESC LIMIT 30"),
            OracleCase(
                pipeq: #"deals | sort stage desc, value | select id, stage, value | limit 15"#,
                sql: "SELECT id, stage, value FROM deals ORDER BY \(stageOrd) DESC, value LIMIT 15"),
            OracleCase(
                pipeq: #"deals | top 7 by lead_score | select id, lead_score"#,  // ties keep input order
                sql: "SELECT id, lead_score FROM deals ORDER BY lead_score DESC, rowid LIMIT 7"),
            OracleCase(
                pipeq: #"deals | top 3 by created asc | select id, created"#,
                sql: "SELECT id, created FROM deals ORDER BY created, rowid LIMIT 3"),
            OracleCase(
                pipeq: #"history | sort exited_at desc | select deal_id, stage, exited_at | limit 5"#,
                sql: "SELECT deal_id, stage, exited_at FROM history ORDER BY exited_at DESC NULLS LAST, rowid LIMIT 5"),
            OracleCase(
                pipeq: #"history | sort exited_at | select deal_id, exited_at | limit 5"#,
                sql: "SELECT deal_id, exited_at FROM history ORDER BY exited_at NULLS LAST, rowid LIMIT 5"),
            OracleCase(
                pipeq: #"deals | distinct team, segment"#,
                sql: "SELECT DISTINCT team, segment FROM deals ORDER BY team, segment"),
            // --- dates: functions, periods, durations
            OracleCase(
                pipeq: #"deals | sum value by month(close_date)"#,
                sql: "SELECT strftime('%Y-%m-01', close_date) AS m, SUM(value) FROM deals GROUP BY m ORDER BY m"),
            OracleCase(
                pipeq: #"deals | count by quarter(created)"#,
                sql:
                    "SELECT printf('%s-%02d-01', strftime('%Y', created), ((CAST(strftime('%m', created) AS INTEGER) - 1) / 3) * 3 + 1) AS q, COUNT(*) FROM deals GROUP BY q ORDER BY q"
            ),
            OracleCase(
                pipeq: #"deals | sum value by year(close_date), status"#,
                sql:
                    "SELECT strftime('%Y-01-01', close_date) AS y, status, SUM(value) FROM deals GROUP BY y, status ORDER BY y, status"
            ),
            OracleCase(
                // ISO weeks start on Monday
                pipeq: #"deals | select id, created, w = week(created), d = day(created) | limit 40"#,
                sql:
                    "SELECT id, created, date(created, 'weekday 0', '-6 days'), created FROM deals ORDER BY rowid LIMIT 40"
            ),
            OracleCase(
                pipeq:
                    #"deals | select id, due = created + 30d, back = created - 2w, span = close_date - created | limit 40"#,
                sql:
                    "SELECT id, date(created, '+30 days'), date(created, '-14 days'), julianday(close_date) - julianday(created) FROM deals ORDER BY rowid LIMIT 40"
            ),
            OracleCase(
                pipeq: #"deals | select id, created, next = created + 1mo"#,  // pipeq clamps to the month's last day
                sql:
                    "SELECT id, created, min(date(created, 'start of month', '+1 month', '+' || (CAST(strftime('%d', created) AS INTEGER) - 1) || ' days'), date(created, 'start of month', '+2 months', '-1 day')) FROM deals ORDER BY rowid"
            ),
            OracleCase(
                pipeq: #"deals | select id, age | where age > 600d"#,
                sql: "SELECT id, \(age) FROM deals WHERE \(age) > 600 ORDER BY rowid"),
            OracleCase(
                pipeq: #"deals where status = "open" | avg stage_age, max stage_age by stage"#,
                sql:
                    "SELECT stage, AVG(julianday('2026-11-01') - julianday(stage_entered)), MAX(julianday('2026-11-01') - julianday(stage_entered)) FROM deals WHERE status = 'open' GROUP BY stage ORDER BY \(stageOrd)"
            ),
            OracleCase(
                pipeq: #"deals where status = "won" | extend c = days(cycle) | sum c, avg c"#,
                sql:
                    "SELECT SUM(julianday(close_date) - julianday(created)), AVG(julianday(close_date) - julianday(created)) FROM deals WHERE status = 'won'"
            ),
            OracleCase(
                pipeq: #"history | extend t = exited_at - entered_at | avg t, max t, min t by stage"#,
                sql:
                    "SELECT stage, AVG(\(secondsDays("exited_at", "entered_at"))), MAX(\(secondsDays("exited_at", "entered_at"))), MIN(\(secondsDays("exited_at", "entered_at"))) FROM history GROUP BY stage ORDER BY \(stageOrd)"
            ),
            OracleCase(
                pipeq:
                    #"history where exited_at - entered_at > 30d | select deal_id, stage, h = hours(exited_at - entered_at) | limit 50"#,
                sql:
                    "SELECT deal_id, stage, \(secondsDays("exited_at", "entered_at")) * 24 FROM history WHERE \(secondsDays("exited_at", "entered_at")) > 30 ORDER BY rowid LIMIT 50"
            ),
            OracleCase(
                pipeq: #"history | count by d = date(entered_at) | sort count desc, d | limit 5"#,
                sql: "SELECT date(entered_at) AS d, COUNT(*) AS c FROM history GROUP BY d ORDER BY c DESC, d LIMIT 5"),
            OracleCase(
                pipeq: #"history | select deal_id, e = coalesce(exited_at, entered_at) | limit 60"#,
                sql: "SELECT deal_id, coalesce(exited_at, entered_at) FROM history ORDER BY rowid LIMIT 60"),
            // --- strings
            OracleCase(
                pipeq: #"deals where lower(rep) = "maya jensen" or upper(rep) = "SAM LINDQVIST" | count by rep"#,
                sql:
                    "SELECT rep, COUNT(*) FROM deals WHERE lower(rep) = 'maya jensen' OR upper(rep) = 'SAM LINDQVIST' GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq: #"deals | extend n = length(name) | where n > 45 | select id, name, n"#,
                sql: "SELECT id, name, length(name) FROM deals WHERE length(name) > 45 ORDER BY rowid"),
            // --- other tables, let
            OracleCase(
                pipeq: #"reps | sum quota, count by team"#,
                sql: "SELECT team, SUM(quota), COUNT(*) FROM reps GROUP BY team ORDER BY team"),
            OracleCase(
                pipeq: #"history | count by stage"#,
                sql: "SELECT stage, COUNT(*) FROM history GROUP BY stage ORDER BY \(stageOrd)"),
            OracleCase(
                pipeq: #"won | sum value, avg value by region"#,
                sql:
                    "SELECT region, SUM(value), AVG(value) FROM deals WHERE status = 'won' GROUP BY region ORDER BY region",
                prelude: [#"let won = deals where status = "won""#]),
            // --- the language issue's examples
            OracleCase(
                pipeq: #"deals where stage = "Needs Analysis" and age > 30d | avg value"#,
                sql: "SELECT AVG(value) FROM deals WHERE stage = 'Needs Analysis' AND \(age) > 30"),
            OracleCase(
                pipeq: #"deals where status = "open" | sum value by stage"#,
                sql: "SELECT stage, SUM(value) FROM deals WHERE status = 'open' GROUP BY stage ORDER BY \(stageOrd)"),
            OracleCase(
                pipeq: #"deals where stage = "Proposal" | count by stage, team"#,
                sql:
                    "SELECT stage, team, COUNT(*) FROM deals WHERE stage = 'Proposal' GROUP BY stage, team ORDER BY team"
            ),
            OracleCase(
                pipeq:
                    #"deals where rep in ("Maya Jensen", "Sam Lindqvist") and value between 10k and 50k | select id, rep, stage, value, age | sort value desc | limit 5"#,
                sql:
                    "SELECT id, rep, stage, value, \(age) FROM deals WHERE rep IN ('Maya Jensen', 'Sam Lindqvist') AND value BETWEEN 10000 AND 50000 ORDER BY value DESC, rowid LIMIT 5"
            ),
            OracleCase(
                pipeq: #"deals | top 5 by value | select id, rep, value"#,
                sql: "SELECT id, rep, value FROM deals ORDER BY value DESC, rowid LIMIT 5"),
            OracleCase(
                pipeq: #"deals where created >= 2026-01-01 and close_date < today + 30d | count"#,
                sql:
                    "SELECT COUNT(*) FROM deals WHERE created >= '2026-01-01' AND close_date < date('2026-11-01', '+30 days')"
            ),
            OracleCase(
                pipeq:
                    #"deals where status = "open" | extend weighted = value * probability | sum weighted by month(close_date)"#,
                sql:
                    "SELECT strftime('%Y-%m-01', close_date) AS m, SUM(value * probability) FROM deals WHERE status = 'open' GROUP BY m ORDER BY m"
            ),
            OracleCase(
                pipeq:
                    #"deals where name contains "Acme" or account starts with "Glob" | limit 5 | select id, name, account"#,
                sql:
                    "SELECT id, name, account FROM deals WHERE instr(name, 'Acme') > 0 OR substr(account, 1, 4) = 'Glob' ORDER BY rowid LIMIT 5",
                allowsEmpty: true),
            OracleCase(
                pipeq: #"deals where close_date is null and not (stage = "Prospecting") | count"#,
                sql: "SELECT COUNT(*) FROM deals WHERE close_date IS NULL AND NOT (stage = 'Prospecting')"),
            OracleCase(
                pipeq: #"deals | avg value, count by rep | sort avg_value desc | limit 5"#,
                sql: "SELECT rep, AVG(value) AS a, COUNT(*) FROM deals GROUP BY rep ORDER BY a DESC, rep LIMIT 5"),
            OracleCase(
                pipeq: #"deals | distinct stage"#,
                sql: "SELECT DISTINCT stage FROM deals ORDER BY \(stageOrd)"),
            OracleCase(
                pipeq: #"stale | count by rep | sort count desc | limit 5"#,
                sql:
                    "SELECT rep, COUNT(*) AS c FROM deals WHERE status = 'open' AND julianday('2026-11-01') - julianday(stage_entered) > 21 GROUP BY rep ORDER BY c DESC, rep LIMIT 5",
                prelude: [#"let stale = deals where status = "open" and stage_age > 21d"#]),
            OracleCase(
                pipeq:
                    #"deals | won = count where status = "won", lost = count where status = "lost", avg value where status = "won", avg cycle where status = "won" by team"#,
                sql:
                    "SELECT team, SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END), AVG(CASE WHEN status = 'won' THEN value END), AVG(CASE WHEN status = 'won' THEN julianday(close_date) - julianday(created) END) FROM deals GROUP BY team ORDER BY team"
            ),
            OracleCase(
                pipeq: #"history where exited_at is null | count"#,
                sql: "SELECT COUNT(*) FROM history WHERE exited_at IS NULL"),
            // --- verbs defined as core plan nodes (VerbBinding.lowering): the same numbers as SQL. A median is the middle
            // row (or the mean of the middle two) by ROW_NUMBER, as pipeq's interpolating median.
            OracleCase(
                pipeq: #"deals | winrate by rep"#,
                sql:
                    "SELECT rep, CAST(SUM(status = 'won') AS REAL) / NULLIF(SUM(status IN ('won', 'lost')), 0), SUM(status = 'won'), SUM(status = 'lost'), SUM(status IN ('won', 'lost')) FROM deals GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq: #"deals | dealsize by team"#,
                sql:
                    "WITH w AS (SELECT team, value AS x, ROW_NUMBER() OVER (PARTITION BY team ORDER BY value) AS r, COUNT(*) OVER (PARTITION BY team) AS n FROM deals WHERE status = 'won' AND value IS NOT NULL), med AS (SELECT team, AVG(x) AS m FROM w WHERE r IN ((n + 1) / 2, (n + 2) / 2) GROUP BY team) SELECT d.team, AVG(CASE WHEN status = 'won' THEN value END), (SELECT m FROM med WHERE med.team = d.team), SUM(CASE WHEN status = 'won' THEN value END), COUNT(CASE WHEN status = 'won' THEN value END) FROM deals d GROUP BY d.team ORDER BY d.team"
            ),
            OracleCase(
                pipeq: #"deals | cycle by region"#,
                sql:
                    "WITH c AS (SELECT region, status, julianday(close_date) - julianday(created) AS days FROM deals), w AS (SELECT region, days AS x, ROW_NUMBER() OVER (PARTITION BY region ORDER BY days) AS r, COUNT(*) OVER (PARTITION BY region) AS n FROM c WHERE status = 'won' AND days IS NOT NULL), med AS (SELECT region, AVG(x) AS m FROM w WHERE r IN ((n + 1) / 2, (n + 2) / 2) GROUP BY region) SELECT c.region, AVG(CASE WHEN status = 'won' THEN days END), (SELECT m FROM med WHERE med.region = c.region), COUNT(CASE WHEN status = 'won' THEN days END) FROM c GROUP BY c.region ORDER BY c.region"
            ),
            OracleCase(
                pipeq: #"deals | velocity by team"#,
                sql:
                    "WITH m AS (SELECT team, SUM(status = 'open') AS open, AVG(CASE WHEN status = 'won' THEN value END) AS size, CAST(SUM(status = 'won') AS REAL) / NULLIF(SUM(status IN ('won', 'lost')), 0) AS rate, AVG(CASE WHEN status = 'won' THEN julianday(close_date) - julianday(created) END) AS days FROM deals GROUP BY team) SELECT team, open, size, rate, days, CASE WHEN days > 0 THEN open * size * rate / days END, CASE WHEN days > 0 THEN open * size * rate * 30 / days END FROM m ORDER BY team"
            ),
            // --- relational nodes (issue 15): joins of every kind, append, pivot, a let used as a value.
            OracleCase(
                pipeq: #"deals | join inner reps on rep | sum value by manager"#,
                sql: "SELECT manager, SUM(value) FROM deals JOIN reps USING (rep) GROUP BY manager ORDER BY manager"),
            OracleCase(
                pipeq: #"deals | join anti big on account | count"#,
                sql:
                    "SELECT COUNT(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM deals b WHERE b.value > 200000 AND b.account = d.account)",
                prelude: [#"let big = deals where value > 200k | distinct account"#]),
            OracleCase(
                pipeq: #"deals | join semi big on account | count by rep"#,
                sql:
                    "SELECT rep, COUNT(*) FROM deals d WHERE EXISTS (SELECT 1 FROM deals b WHERE b.value > 200000 AND b.account = d.account) GROUP BY rep ORDER BY rep",
                prelude: [#"let big = deals where value > 200k | distinct account"#]),
            OracleCase(
                pipeq: #"deals | join semi reps on rep = rep and region = region | count by team"#,
                sql:
                    "SELECT team, COUNT(*) FROM deals d WHERE EXISTS (SELECT 1 FROM reps r WHERE r.rep = d.rep AND r.region = d.region) GROUP BY team ORDER BY team"
            ),
            // Null close dates (open deals) match nothing: the anti join keeps them, as NOT EXISTS does.
            OracleCase(
                pipeq: #"deals | join anti wonclose on close_date | count by status"#,
                sql:
                    "SELECT status, COUNT(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM deals w WHERE w.status = 'won' AND w.close_date = d.close_date) GROUP BY status ORDER BY status",
                prelude: [#"let wonclose = deals where status = "won" | select close_date"#]),
            OracleCase(
                pipeq: #"deals | join wonday on close_date | count by status"#,
                sql:
                    "SELECT status, COUNT(*) FROM deals d LEFT JOIN (SELECT close_date, COUNT(*) AS n FROM deals WHERE status = 'won' GROUP BY close_date) w ON w.close_date = d.close_date GROUP BY status ORDER BY status",
                prelude: [#"let wonday = deals where status = "won" | count by close_date"#]),
            OracleCase(
                pipeq: #"deals where status = "won" | select rep, value | append reps | sum value, count by rep"#,
                sql:
                    "SELECT rep, SUM(value), COUNT(*) FROM (SELECT rep, value FROM deals WHERE status = 'won' UNION ALL SELECT rep, NULL FROM reps) GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq: #"deals | count by rep, status | pivot status"#,
                sql:
                    "SELECT rep, NULLIF(SUM(status = 'lost'), 0), NULLIF(SUM(status = 'open'), 0), NULLIF(SUM(status = 'won'), 0) FROM deals GROUP BY rep ORDER BY rep"
            ),
            OracleCase(
                pipeq: #"deals | sum value by team, status | pivot status with totals"#,
                sql:
                    "SELECT t, l, o, w, a FROM (SELECT 0 AS k, team AS t, SUM(CASE WHEN status = 'lost' THEN value END) AS l, SUM(CASE WHEN status = 'open' THEN value END) AS o, SUM(CASE WHEN status = 'won' THEN value END) AS w, SUM(value) AS a FROM deals GROUP BY team UNION ALL SELECT 1, 'total', SUM(CASE WHEN status = 'lost' THEN value END), SUM(CASE WHEN status = 'open' THEN value END), SUM(CASE WHEN status = 'won' THEN value END), SUM(value) FROM deals) ORDER BY k, t"
            ),
            OracleCase(
                pipeq: #"deals | where value > target / 1000 | count by status"#,
                sql:
                    "SELECT status, COUNT(*) FROM deals WHERE value > (SELECT SUM(value) FROM deals WHERE status = 'won') / 1000 GROUP BY status ORDER BY status",
                prelude: [#"let target = deals where status = "won" | sum value"#]),
        ] + windows
}

/// Runs pipeq's engine in-process over `examples/` and renders CSV.
enum OracleEngine {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let examples = repositoryRoot + "/examples"

    static let catalog: Result<Catalog, Diagnostic> = {
        do throws(Diagnostic) {
            return .success(try DatasetLoader.load(paths: [examples]).catalog)
        } catch {
            return .failure(error)
        }
    }()

    /// The CSV output parsed into rows, header first.
    static func run(_ oracle: OracleCase) throws -> [[String]] {
        let engine = QueryEngine(catalog: try catalog.get(), asOfDay: CivilTime.parseDate("2026-11-01"))
        let outcome: StatementOutcome
        do throws(Diagnostic) {
            for statement in oracle.prelude { _ = try engine.run(statement) }
            outcome = try engine.run(oracle.pipeq)
        } catch {
            throw OracleError(
                "pipeq rejected \(oracle.pipeq):\n"
                    + DiagnosticRenderer(color: false).render(error, source: oracle.pipeq))
        }
        guard case .rows(let result) = outcome else { throw OracleError("pipeq: \(oracle.pipeq) did not return rows") }
        return OracleCSV.parse(MachineRenderers.csv(result))
    }
}

struct OracleError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The sqlite3 command-line tool with the examples imported into an in-memory database.
struct SQLiteOracle: Sendable {
    let executable: String
    let setupScript: String

    static func shared() throws -> SQLiteOracle {
        guard let executable = findExecutable("sqlite3") else {
            throw OracleError(
                """
                sqlite3 is not installed (not found on PATH): the SQLite oracle tests need the sqlite3 command-line tool. \
                Install it (e.g. `apt-get install sqlite3`; .ci/run installs it) and run the tests again.
                """)
        }
        return SQLiteOracle(executable: executable, setupScript: setup(examples: OracleEngine.examples))
    }

    static func findExecutable(_ name: String) -> String? { PipeQTestSupport.findExecutable(name) }

    static func setup(examples: String) -> String {
        func quoted(_ file: String) -> String { "\"" + examples + "/" + file + "\"" }
        let stages = [
            "Prospecting", "Qualification", "Needs Analysis", "Proposal", "Negotiation", "Closed Won", "Closed Lost",
        ]
        let stageRows = stages.enumerated().map { "('\($0.element)', \($0.offset))" }.joined(separator: ", ")
        return """
            .bail on
            .mode csv
            .import \(quoted("deals.csv")) deals_text
            .import \(quoted("history.csv")) history_text
            .import \(quoted("reps.csv")) reps_text
            CREATE TABLE deals AS SELECT CAST(id AS INTEGER) AS id, name, account, rep, team, region, segment, source,
              stage, status, CAST(value AS REAL) AS value, CAST(probability AS REAL) AS probability,
              CAST(lead_score AS INTEGER) AS lead_score, NULLIF(created, '') AS created,
              NULLIF(close_date, '') AS close_date, NULLIF(stage_entered, '') AS stage_entered
              FROM deals_text ORDER BY rowid;
            CREATE TABLE history_rows AS SELECT CAST(deal_id AS INTEGER) AS deal_id, stage,
              NULLIF(entered_at, '') AS entered_at, NULLIF(close_date, '') AS close_date,
              CAST(NULLIF(amount, '') AS REAL) AS amount, rowid AS r FROM history_text ORDER BY rowid;
            CREATE TABLE history AS SELECT deal_id, stage, entered_at, close_date, amount,
              LEAD(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at, r) AS exited_at
              FROM (SELECT *, LAG(stage) OVER (PARTITION BY deal_id ORDER BY entered_at, r) AS previous
                FROM history_rows)
              WHERE previous IS NULL OR previous <> stage ORDER BY deal_id, entered_at, r;
            CREATE TABLE reps AS SELECT rep, team, manager, region, CAST(quota AS REAL) AS quota FROM reps_text ORDER BY rowid;
            CREATE TABLE stage_order(name TEXT PRIMARY KEY, ord INTEGER);
            INSERT INTO stage_order VALUES \(stageRows);
            .headers off
            .nullvalue ''

            """
    }

    /// Rows of one SQL query's CSV output.
    func query(_ sql: String) throws -> [[String]] {
        let (status, out, err) = try runProcess(executable, [":memory:"], stdin: setupScript + sql + ";\n", timeout: 60)
        guard status == 0, err.isEmpty else {
            throw OracleError("sqlite3 failed (exit \(status)) on:\n\(sql)\n\(err)")
        }
        return OracleCSV.parse(out)
    }
}

enum OracleCompare {
    static func rowsMatch(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { cellsMatch($0, $1) }
    }

    static func cellsMatch(_ pipeq: String, _ sqlite: String) -> Bool {
        let a = pipeq == "true" ? "1" : pipeq == "false" ? "0" : pipeq
        if a == sqlite { return true }
        guard !a.isEmpty, !sqlite.isEmpty, let x = Double(a), let y = Double(sqlite) else { return false }
        return abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    }
}

/// RFC 4180 CSV, enough for both tools' output.
enum OracleCSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.replacingOccurrences(of: "\r\n", with: "\n")).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" {
                row.append(field)
                field = ""
                rows.append(row)
                row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

/// Window functions and `top … per` against SQLite's window functions (the same definitions as DuckDB's:
/// SQL rank/dense_rank ties, nulls last). pipeq's windows run over the current row order, so the SQL orders each
/// window by `rowid` (or the group key) with a ROWS frame; pipeq keeps the row order, so the SQL orders by it too.
extension OracleCase {
    static let windows: [OracleCase] = [
        OracleCase(
            pipeq:
                #"deals | select id, rep, value | extend run = cumsum(value) per rep, rn = row_number() per rep, back2 = lag(value, 2) per rep, ahead = lead(value) per rep"#,
            sql:
                "SELECT id, rep, value, SUM(value) OVER w, ROW_NUMBER() OVER w, LAG(value, 2) OVER w, LEAD(value) OVER w FROM deals WINDOW w AS (PARTITION BY rep ORDER BY rowid ROWS UNBOUNDED PRECEDING) ORDER BY rowid"
        ),
        OracleCase(
            pipeq: #"deals | extend run = cumsum(value), n = cumcount() | select id, run, n"#,
            sql:
                "SELECT id, SUM(value) OVER w, COUNT(*) OVER w FROM deals WINDOW w AS (ORDER BY rowid ROWS UNBOUNDED PRECEDING) ORDER BY rowid"
        ),
        OracleCase(
            pipeq: #"deals | extend n = cumcount() per team, t = total(value) per team | select id, team, n, t"#,
            sql:
                "SELECT id, team, COUNT(*) OVER (PARTITION BY team ORDER BY rowid ROWS UNBOUNDED PRECEDING), SUM(value) OVER (PARTITION BY team) FROM deals ORDER BY rowid"
        ),
        OracleCase(
            pipeq:
                #"deals | sum value by rep | extend share = sum_value / total(sum_value), place = rank(sum_value desc), d = dense_rank(sum_value desc)"#,
            sql:
                "SELECT rep, SUM(value), SUM(value) / SUM(SUM(value)) OVER (), RANK() OVER (ORDER BY SUM(value) DESC), DENSE_RANK() OVER (ORDER BY SUM(value) DESC) FROM deals GROUP BY rep ORDER BY rep"
        ),
        OracleCase(
            pipeq:
                #"deals | count by rep, stage | extend r = rank(count desc) per stage, d = dense_rank(count desc) per stage, up = rank(count) per stage"#,
            sql:
                "SELECT rep, stage, COUNT(*), RANK() OVER (PARTITION BY stage ORDER BY COUNT(*) DESC), DENSE_RANK() OVER (PARTITION BY stage ORDER BY COUNT(*) DESC), RANK() OVER (PARTITION BY stage ORDER BY COUNT(*)) FROM deals GROUP BY rep, stage ORDER BY rep, \(stageOrd)"
        ),
        OracleCase(
            pipeq:
                #"deals where status = "won" | sum value by month(close_date) | extend ma = moving_avg(sum_value, 3), pct = pct_change(sum_value), change = sum_value - lag(sum_value)"#,
            sql:
                "SELECT strftime('%Y-%m-01', close_date) AS m, SUM(value), AVG(SUM(value)) OVER (ORDER BY strftime('%Y-%m-01', close_date) ROWS 2 PRECEDING), SUM(value) / NULLIF(LAG(SUM(value)) OVER (ORDER BY strftime('%Y-%m-01', close_date)), 0) - 1, SUM(value) - LAG(SUM(value)) OVER (ORDER BY strftime('%Y-%m-01', close_date)) FROM deals WHERE status = 'won' GROUP BY m ORDER BY m"
        ),
        OracleCase(
            pipeq: #"deals | top 3 by value per rep | select rep, id, value"#,
            sql:
                "SELECT rep, id, value FROM (SELECT rep, id, value, rowid AS r, ROW_NUMBER() OVER (PARTITION BY rep ORDER BY value DESC, rowid) AS rn FROM deals) WHERE rn <= 3 ORDER BY rep, value DESC, r"
        ),
        OracleCase(
            pipeq: #"deals | top 2 by lead_score asc per region, segment | select region, segment, id, lead_score"#,
            sql:
                "SELECT region, segment, id, lead_score FROM (SELECT region, segment, id, lead_score, rowid AS r, ROW_NUMBER() OVER (PARTITION BY region, segment ORDER BY lead_score, rowid) AS rn FROM deals) WHERE rn <= 2 ORDER BY region, segment, lead_score, r"
        ),
        // growth: each period beside the calendar's previous one and the one a year before (a self-join on the
        // period start stepped back; month starts never clamp).
        OracleCase(
            pipeq: #"deals | sum value by month(created) | growth"#,
            sql:
                "WITH m AS (SELECT strftime('%Y-%m-01', created) AS m, SUM(value) AS v FROM deals GROUP BY 1) SELECT c.m, c.v, p.v, c.v - p.v, c.v / NULLIF(p.v, 0) - 1, y.v, c.v - y.v, c.v / NULLIF(y.v, 0) - 1 FROM m c LEFT JOIN m p ON p.m = date(c.m, '-1 month') LEFT JOIN m y ON y.m = date(c.m, '-12 months') ORDER BY c.m"
        ),
        OracleCase(
            pipeq: #"deals | count by team, quarter(created) | growth"#,
            sql:
                "WITH q AS (SELECT team, printf('%04d-%02d-01', CAST(strftime('%Y', created) AS INTEGER), ((CAST(strftime('%m', created) AS INTEGER) - 1) / 3) * 3 + 1) AS q, COUNT(*) AS n FROM deals GROUP BY 1, 2) SELECT c.team, c.q, c.n, p.n, c.n - p.n, c.n * 1.0 / NULLIF(p.n, 0) - 1, y.n, c.n - y.n, c.n * 1.0 / NULLIF(y.n, 0) - 1 FROM q c LEFT JOIN q p ON p.team = c.team AND p.q = date(c.q, '-3 months') LEFT JOIN q y ON y.team = c.team AND y.q = date(c.q, '-12 months') ORDER BY c.team, c.q"
        ),
    ]
}

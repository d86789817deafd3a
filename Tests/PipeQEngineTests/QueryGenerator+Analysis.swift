/// The issue-15 constructs in the differential generator: window functions in `extend` (over a `sort` made total
/// by `id`, or the input order; with and without `per KEY`), `top N by X per K`, casts, and pivot. Each with its
/// SQLite translation (window functions need SQLite 3.25+):
/// - windows run over the current row order, so SQL orders each window by the same keys (`K IS NULL, K [DESC],
///   id`, or `rowid`) with a ROWS frame; `rank`/`dense_rank` order by their own key, nulls last both ways;
/// - `moving_avg(x, n)` is the average of the non-null values among the last n rows (SQL: AVG over `n - 1
///   PRECEDING`), `pct_change(x)` is x / lag(x) − 1 (null on a zero lag, as SQL's division by zero);
/// - `top N by K per P` keeps the first N rows of each P (nulls a group of their own) by K descending unless `asc`,
///   ties in input order, groups ascending (SQL: ROW_NUMBER over PARTITION BY P, then ORDER BY the group);
/// - `int(x)` rounds half away from zero (SQL: CAST(round(x) AS INTEGER)), `int` of text that is no number is null;
/// - `pivot h` makes one column per value of h present (byte order, null last as a column named "null"), one row
///   per remaining key; a missing combination is null (SQL: group by the key, one conditional aggregate per
///   possible value, null when no row has it; columns whose value never occurs must be all null).
extension QueryGenerator {
    /// `sort K [desc], id` (or nothing: the input order) and the SQL order it means.
    mutating func rowOrder() -> (pipeq: String, sql: String) {
        guard random.chance(0.75) else { return ("", "t.rowid") }
        let key = random.pick(["a", "b", "x", "g", "h"])
        let descending = random.chance(0.4)
        return (
            " | sort \(key)\(descending ? " desc" : ""), id", "\(key) IS NULL, \(key)\(descending ? " DESC" : ""), id"
        )
    }

    /// A window function's value argument: a nullable column, sometimes an expression.
    mutating func windowValue() -> (String, String) {
        if random.chance(0.25) {
            let (p, s, _) = number(1)
            return (p, s)
        }
        let c = random.pick(["a", "b", "x"])
        return (c, c)
    }

    /// One window function call with its partition: (pipeq item, SQL expression).
    mutating func windowItem(_ name: String, order: String) -> (String, String) {
        let partition = random.chance(0.5) ? random.pick(["g", "h", "a"]) : nil
        let per = partition.map { " per \($0)" } ?? ""
        let over = partition.map { "PARTITION BY \($0) " } ?? ""
        let ordered = "OVER (\(over)ORDER BY \(order)"
        let (vp, vs) = windowValue()
        switch random.int(0...9) {
        case 0:
            return ("\(name) = cumsum(\(vp))\(per)", "SUM(\(vs)) \(ordered) ROWS UNBOUNDED PRECEDING)")
        case 1:
            if random.chance(0.5) {
                return ("\(name) = cumcount()\(per)", "COUNT(*) \(ordered) ROWS UNBOUNDED PRECEDING)")
            }
            return ("\(name) = cumcount(\(vp))\(per)", "COUNT(\(vs)) \(ordered) ROWS UNBOUNDED PRECEDING)")
        case 2, 3:
            let function = random.chance(0.5) ? "lag" : "lead"
            if random.chance(0.3) {
                return ("\(name) = \(function)(\(vp))\(per)", "\(function.uppercased())(\(vs)) \(ordered))")
            }
            let n = random.int(0...3)
            return ("\(name) = \(function)(\(vp), \(n))\(per)", "\(function.uppercased())(\(vs), \(n)) \(ordered))")
        case 4, 5:
            let function = random.chance(0.5) ? "rank" : "dense_rank"
            let key = random.pick(["a", "b", "x", "g", "h"])
            let descending = random.chance(0.5)
            return (
                "\(name) = \(function)(\(key)\(descending ? " desc" : ""))\(per)",
                "\(function.uppercased())() OVER (\(over)ORDER BY \(key) IS NULL, \(key)\(descending ? " DESC" : ""))"
            )
        case 6:
            return ("\(name) = row_number()\(per)", "ROW_NUMBER() \(ordered))")
        case 7:
            return ("\(name) = total(\(vp))\(per)", "SUM(\(vs)) OVER (\(over.trimmingTrailingSpace))")
        case 8:
            let n = random.int(1...4)
            return (
                "\(name) = moving_avg(\(vp), \(n))\(per)",
                "AVG(\(vs)) \(ordered) ROWS BETWEEN \(n - 1) PRECEDING AND CURRENT ROW)"
            )
        default:
            return ("\(name) = pct_change(\(vp))\(per)", "(CAST(\(vs) AS REAL) / LAG(\(vs)) \(ordered)) - 1)")
        }
    }

    /// `t [where …] [| sort …] | extend w0 = FN(…) [per K], … | select id, w0, …`.
    mutating func windowQuery(_ pipeq: String, _ whereSQL: String) -> GeneratedQuery {
        let order = rowOrder()
        let items = (0..<random.int(1...2)).map { windowItem("w\($0)", order: order.sql) }
        let names = items.indices.map { "w\($0)" }
        return GeneratedQuery(
            pipeq: pipeq + order.pipeq + " | extend " + items.map(\.0).joined(separator: ", ") + " | select id, "
                + names.joined(separator: ", "),
            sql: "SELECT id, " + items.map(\.1).joined(separator: ", ") + " FROM t\(whereSQL) ORDER BY \(order.sql)")
    }

    /// `t [where …] | top N by K [asc] [per P] | select id`.
    mutating func topQuery(_ pipeq: String, _ whereSQL: String) -> GeneratedQuery {
        let n = random.int(1...3)
        let key = random.pick(["a", "b", "x", "g", "h"])
        let ascending = random.chance(0.4)
        let keyOrder = "\(key) IS NULL, \(key)\(ascending ? "" : " DESC")"
        guard random.chance(0.8) else {
            return GeneratedQuery(
                pipeq: pipeq + " | top \(n) by \(key)\(ascending ? " asc" : "") | select id",
                sql: "SELECT id FROM t\(whereSQL) ORDER BY \(keyOrder), rowid LIMIT \(n)")
        }
        let group = random.pick(["g", "h", "a"])
        return GeneratedQuery(
            pipeq: pipeq + " | top \(n) by \(key)\(ascending ? " asc" : "") per \(group) | select id",
            sql: "SELECT id FROM (SELECT id, \(group) AS pk, \(key) AS \(key), rowid AS rid, ROW_NUMBER() OVER "
                + "(PARTITION BY \(group) ORDER BY \(keyOrder), rowid) AS rn FROM t\(whereSQL)) WHERE rn <= \(n) "
                + "ORDER BY pk IS NULL, pk, \(keyOrder), rid")
    }

    /// A cast of a number or a text: (pipeq, SQL, kind) for `number`.
    mutating func castNumber(_ depth: Int) -> (String, String, Kind) {
        switch random.int(0...3) {
        case 0:
            let (p, s, _) = number(depth + 1)
            return ("int(\(p))", "CAST(round(\(s)) AS INTEGER)", .integer)
        case 1:
            let (p, s, _) = number(depth + 1)
            return ("number(\(p))", "CAST(\(s) AS REAL)", .decimal)
        case 2:
            // Text back to a number: the same value; text that is no number (g, h) gives null.
            let c = random.pick(["a", "b", "id"])
            return random.chance(0.5)
                ? ("int(text(\(c)))", c, .integer) : ("number(text(\(c)))", "(\(c) * 1.0)", .decimal)
        default:
            let c = random.pick(["g", "h"])
            return random.chance(0.5)
                ? ("int(\(c))", "(NULL + 0)", .integer) : ("number(\(c))", "(NULL + 0.0)", .decimal)
        }
    }

    /// `t [where …] | AGG by K, h | pivot h` (or by h, K | pivot K), compared column by column (`pivotValues`).
    mutating func pivotQuery(_ pipeq: String, _ whereSQL: String) -> GeneratedQuery {
        let (key, pivoted, values) =
            random.chance(0.6)
            ? ("g", "h", RandomTable.groupValues) : ("h", "g", Array(RandomTable.groupValues.prefix(3)))
        let aggregate: (String, (String) -> String)
        switch random.int(0...3) {
        case 0: aggregate = ("count", { "NULLIF(COUNT(CASE WHEN \($0) THEN 1 END), 0)" })
        case 1: aggregate = ("sum x", { "SUM(CASE WHEN \($0) THEN x END)" })
        case 2: aggregate = ("sum a", { "SUM(CASE WHEN \($0) THEN a END)" })
        default: aggregate = ("max b", { "MAX(CASE WHEN \($0) THEN b END)" })
        }
        let tests = values.map { "\(pivoted) = '\($0)'" } + ["\(pivoted) IS NULL"]
        // A column per possible value, present or not: a value no row has must give an all-null column.
        let cells = tests.map { test in
            "CASE WHEN COUNT(CASE WHEN \(test) THEN 1 END) > 0 THEN \(aggregate.1(test)) END"
        }
        var query = GeneratedQuery(
            pipeq: pipeq + " | \(aggregate.0) by \(key), \(pivoted) | pivot \(pivoted)",
            sql: "SELECT \(key), " + cells.joined(separator: ", ")
                + " FROM t\(whereSQL) GROUP BY \(key) ORDER BY \(key) IS NULL, \(key)")
        query.pivotValues = values + ["null"]
        return query
    }

    /// Semi and anti self-joins on several keys: a same-name column mixed with a pair (`on a and g = h`).
    mutating func multiKeyJoin(_ pipeq: String, _ whereSQL: String) -> GeneratedQuery {
        let same = random.pick(["a", "g", "b"])
        let (left, right) = random.pick([("g", "h"), ("h", "g"), ("a", "b")])
        let anti = random.chance(0.5)
        let keys = random.chance(0.5) ? "\(same) and \(left) = \(right)" : "\(left) = \(right) and \(same)"
        return GeneratedQuery(
            pipeq: pipeq + " | join \(anti ? "anti" : "semi") t on \(keys) | select id",
            sql: "SELECT id FROM t WHERE \(whereSQL.isEmpty ? "1" : "(" + whereSQL.dropFirst(7) + ")") AND "
                + "\(anti ? "NOT " : "")EXISTS (SELECT 1 FROM t AS r WHERE r.\(same) = t.\(same) AND "
                + "r.\(right) = t.\(left)) ORDER BY rowid")
    }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        hasSuffix(" ") ? String(dropLast()) : self
    }
}

extension DifferentialTests {
    /// A pivot's SQL rows (key columns, then one column per possible value) reordered to pipeq's columns: nil when
    /// pipeq has a column SQL lacks, or SQL has a value column with a non-null cell that pipeq lacks.
    static func pivoted(_ sql: [[String]], values: [String], pipeqNames: [String], keyCount: Int) -> [[String]]? {
        var picks = Array(0..<keyCount)
        for name in pipeqNames.dropFirst(keyCount) {
            guard let i = values.firstIndex(of: name) else { return nil }
            picks.append(keyCount + i)
        }
        let dropped = Set(values.indices.map { keyCount + $0 }).subtracting(picks)
        for row in sql where dropped.contains(where: { row[$0] != "NULL" }) { return nil }
        return sql.map { row in picks.map { row[$0] } }
    }
}

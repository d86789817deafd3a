import PipeQCore
import PipeQEngine

extension SQLCompiler {
    /// `sparkline DATE`: per group, the rows per calendar month from the input's earliest month to its latest (the
    /// same months for every group, months without rows 0), as counts separated by spaces ("3 0 1"), as the
    /// engine's `Aggregator.monthlyCounts`; null for every group when no row has a date or the dates span
    /// `maximumMonths` months or more. Written as CTEs beside the grouping: the dated rows' month numbers, the
    /// months from first to last, every group crossed with every month and its count, the counts joined in month
    /// order. Returns the CTE holding `__k0…` (the keys' values) and `__spark`.
    mutating func sparkline(
        _ a: BoundAggregate, keys: [NamedBoundExpr], _ compiler: SQLExpressionCompiler, below: Step
    ) throws(Diagnostic) -> String {
        let x = try compiler.sql(a.argument!)
        let keyNames = keys.indices.map { "__k\($0)" }
        var keyList: [String] = []
        for (i, key) in keys.enumerated() { keyList.append("\(try compiler.sql(key.expr)) AS \(keyNames[i])") }
        let month = "(\(compiler.datePart("year", x)) * 12 + \(compiler.datePart("month", x)) - 1)"
        var condition = "\(x) IS NOT NULL"
        if let filter = a.filter { condition += " AND \(try compiler.sql(filter))" }
        let dated = add(
            "SELECT \((keyList + ["\(month) AS __m"]).joined(separator: ", ")) FROM \(q(below.name)) WHERE \(condition)"
        )
        let range = add("SELECT min(__m) AS __lo, max(__m) AS __hi FROM \(q(dated))")
        let within = "__hi - __lo < \(1_200)"
        let months: String
        switch dialect {
        case .postgres: months = add("SELECT generate_series(__lo, __hi) AS __m FROM \(q(range)) WHERE \(within)")
        case .duckdb:
            months = add("SELECT unnest(generate_series(__lo, __hi)) AS __m FROM \(q(range)) WHERE \(within)")
        case .sqlite:
            // A recursive CTE (SQLite needs no RECURSIVE keyword): one month after another up to the last.
            let name = "s\(steps.count + 1)"
            months = add(
                "SELECT __lo AS __m FROM \(q(range)) WHERE \(within) "
                    + "UNION ALL SELECT __m + 1 FROM \(q(name)), \(q(range)) WHERE __m < __hi")
        }
        let groups = add(
            keys.isEmpty
                ? "SELECT 1 AS __one" : "SELECT DISTINCT \(keyList.joined(separator: ", ")) FROM \(q(below.name))")
        let byKeys = keyNames.joined(separator: ", ")
        let counts = add(
            "SELECT \((keyNames + ["__m", "count(*) AS __n"]).joined(separator: ", ")) FROM \(q(dated)) "
                + "GROUP BY \((keyNames + ["__m"]).joined(separator: ", "))")
        let match = (keyNames.map { "g.\($0) IS NOT DISTINCT FROM c.\($0)" } + ["c.__m = m.__m"])
            .joined(separator: " AND ")
        let grid = add(
            "SELECT \((keyNames.map { "g.\($0)" } + ["m.__m", "coalesce(c.__n, 0) AS __n"]).joined(separator: ", ")) "
                + "FROM \(q(groups)) g CROSS JOIN \(q(months)) m LEFT JOIN \(q(counts)) c ON \(match)")
        let groupBy = keys.isEmpty ? "" : " GROUP BY \(byKeys)"
        let keyPrefix = keys.isEmpty ? "" : byKeys + ", "
        switch dialect {
        case .postgres, .duckdb:
            return add(
                "SELECT \(keyPrefix)string_agg(CAST(__n AS TEXT), ' ' ORDER BY __m) AS __spark FROM \(q(grid))\(groupBy)"
            )
        case .sqlite:
            // No ordered aggregates before SQLite 3.44: group_concat reads an ordered subquery in its order.
            return add(
                "SELECT \(keyPrefix)group_concat(__n, ' ') AS __spark FROM "
                    + "(SELECT * FROM \(q(grid)) ORDER BY \(keyPrefix)__m)\(groupBy)")
        }
    }
}

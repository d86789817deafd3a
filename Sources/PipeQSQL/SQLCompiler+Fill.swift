import PipeQCore
import PipeQEngine
import PipeQStorage

extension SQLCompiler {
    /// A `FillNode`: every combination of the keys (one when there are none) crossed with the bucket's domain, the
    /// input's rows joined in (null keys match null keys), the missing cells added with 0 for numbers and durations
    /// and null otherwise, then the input's rows whose bucket is null; ordered as the engine's operator orders.
    mutating func fill(_ input: LogicalPlan, _ node: FillNode) throws(Diagnostic) -> Step {
        if let span = Self.pivotSpan(input) {
            throw SQLUnsupported.error("fill after pivot", span: span, dialect: dialect)
        }
        let below = try relation(input)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below)
        let bucket = q(fields[node.bucket].name)
        let keys = node.keys.map { q(fields[$0].name) }
        // The input with a mark telling its rows from the added ones.
        let marked = add("SELECT *, 1 AS __hit FROM \(q(below.name))")
        let combinations = add(
            keys.isEmpty
                ? "SELECT 1 AS __one" : "SELECT DISTINCT \(keys.joined(separator: ", ")) FROM \(q(marked))")
        let domain = try fillDomain(node.domain, bucket: bucket, type: fields[node.bucket].type, marked, compiler, node)
        // Every (combination, bucket) cell, with the input rows that fall in it.
        let keyMatch = keys.map { "m.\($0) IS NOT DISTINCT FROM c.\($0)" }
        let on = (keyMatch + ["m.\(bucket) = d.__bucket"]).joined(separator: " AND ")
        var cells: [String] = []
        var nullBucket: [String] = []
        for (i, field) in fields.enumerated() {
            let name = q(field.name)
            if let k = node.keys.firstIndex(of: i) {
                cells.append("c.\(keys[k]) AS \(name)")
            } else if i == node.bucket {
                cells.append("d.__bucket AS \(name)")
            } else {
                let empty = field.type.isNumeric || field.type == .duration ? "0" : dialect.literal(.null, field.type)
                cells.append("CASE WHEN m.__hit IS NULL THEN \(empty) ELSE m.\(name) END AS \(name)")
            }
            nullBucket.append("m.\(name)")
        }
        let inputOrder = below.ordered ? "m.\(Self.order)" : "NULL"
        cells += ["0 AS __null_bucket", "d.__rank AS __rank", "\(inputOrder) AS __input_order"]
        nullBucket += ["1", "0", inputOrder]
        let union = add(
            "SELECT \(cells.joined(separator: ", ")) FROM \(q(combinations)) c CROSS JOIN \(q(domain)) d "
                + "LEFT JOIN \(q(marked)) m ON \(on) "
                + "UNION ALL SELECT \(nullBucket.joined(separator: ", ")) FROM \(q(marked)) m WHERE m.\(bucket) IS NULL"
        )
        // Ordered by combination (its keys' sort order), then the domain's, then the null-bucket rows.
        var order: [String] = []
        for k in node.keys {
            for sql in try compiler.sortKeys(.column(k, fields[k].type)) { order.append("\(sql) ASC NULLS LAST") }
        }
        order += ["__null_bucket", "__rank", "__input_order"]
        let list =
            fields.map { q($0.name) } + [
                "ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(Self.order)"
            ]
        return Step(
            name: add("SELECT \(list.joined(separator: ", ")) FROM \(q(union))"), ordered: true, orders: below.orders)
    }

    /// The bucket's domain as rows `(__bucket, __rank)`: a list then the other values the input holds
    /// (ascending), or every period from the first to the last.
    private mutating func fillDomain(
        _ domain: FillDomain, bucket: String, type: DataType, _ marked: String, _ compiler: SQLExpressionCompiler,
        _ node: FillNode
    ) throws(Diagnostic) -> String {
        switch domain {
        case .values(let values):
            let listed = values.enumerated().map { "SELECT \(dialect.literal($1, type)) AS __bucket, \($0) AS __rank" }
            let known = values.map { dialect.literal($0, type) }.joined(separator: ", ")
            // The other values in the bucket's sort order, read from the distinct values' column.
            var columns = compiler.columns
            columns[node.bucket] = "__bucket"
            let reader = SQLExpressionCompiler(
                dialect: dialect, columns: columns, orders: compiler.orders, scalar: compiler.scalar,
                finder: compiler.finder)
            let sortKeys = try reader.sortKeys(.column(node.bucket, type)).map { "\($0) ASC" }.joined(separator: ", ")
            let others =
                "SELECT __bucket, \(values.count) + ROW_NUMBER() OVER (ORDER BY \(sortKeys)) AS __rank "
                + "FROM (SELECT DISTINCT \(bucket) AS __bucket FROM \(q(marked)) WHERE \(bucket) IS NOT NULL"
                + (values.isEmpty ? "" : " AND \(bucket) NOT IN (\(known))") + ") o"
            return add((listed + [others]).joined(separator: " UNION ALL "))
        case .periods(let unit):
            let low = "(SELECT min(\(bucket)) FROM \(q(marked)))"
            let high = "(SELECT max(\(bucket)) FROM \(q(marked)))"
            switch dialect {
            case .postgres:
                let step = unit == .week ? "7 days" : unit == .quarter ? "3 months" : "1 \(unit.rawValue)"
                return add(
                    "SELECT CAST(g AS DATE) AS __bucket, ROW_NUMBER() OVER (ORDER BY g) AS __rank "
                        + "FROM generate_series(CAST(\(low) AS TIMESTAMP), CAST(\(high) AS TIMESTAMP), INTERVAL '\(step)') AS g"
                )
            case .duckdb:
                let step = unit == .week ? "7 DAY" : unit == .quarter ? "3 MONTH" : "1 \(unit.rawValue.uppercased())"
                return add(
                    "SELECT CAST(g.generate_series AS DATE) AS __bucket, ROW_NUMBER() OVER (ORDER BY g.generate_series) AS __rank "
                        + "FROM generate_series(CAST(\(low) AS TIMESTAMP), CAST(\(high) AS TIMESTAMP), INTERVAL \(step)) AS g"
                )
            case .sqlite:
                // A recursive CTE (SQLite needs no RECURSIVE keyword): one period after another up to the last.
                let name = "s\(steps.count + 1)"
                let next =
                    unit == .week
                    ? "date(__bucket, '+7 days')"
                    : unit == .quarter ? "date(__bucket, '+3 months')" : "date(__bucket, '+1 \(unit.rawValue)')"
                let series = add(
                    "SELECT \(low) AS __bucket, 1 AS __rank WHERE \(low) IS NOT NULL "
                        + "UNION ALL SELECT \(next), __rank + 1 FROM \(q(name)) WHERE __bucket < \(high)")
                return series
            }
        }
    }
}

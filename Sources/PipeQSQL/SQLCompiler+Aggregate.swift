import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQStorage

extension SQLCompiler {
    /// `GROUP BY` the keys, then the groups numbered in key order (nulls last, stages in pipeline order), as the
    /// engine's grouping returns them. Without keys: one row, whatever the input. The input is compiled without
    /// its row order, which no aggregate reads.
    mutating func aggregate(_ input: LogicalPlan, _ keys: [NamedBoundExpr], _ aggregates: [BoundAggregate])
        throws(Diagnostic) -> Step
    {
        // No aggregate reads the row order (SQLite's percentiles rank the values themselves).
        var below = try relation(input, ordered: false)
        let compiler = expressions(over: input, below)
        let ranked = try rankForPercentiles(aggregates, keys, compiler, &below)
        var list: [String] = []
        for key in keys { list.append("\(try compiler.at(key.span).sql(key.expr)) AS \(q(key.name))") }
        var sparklines: [Int: String] = [:]
        for (j, aggregate) in aggregates.enumerated() {
            let sql: String
            if aggregate.function == .sparkline {
                // Joined in after the grouping (an aggregate here, so a grouping without keys is one row).
                sparklines[j] = try sparkline(aggregate, keys: keys, compiler, below: below)
                sql = "max(\(dialect.literal(.null, .string)))"
            } else if let value = ranked[j] {
                sql = prepared(value)
            } else {
                sql = try self.aggregate(aggregate, compiler, input.schema)
            }
            list.append("\(sql) AS \(q(aggregate.name))")
        }
        var grouped = "SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))"
        if !keys.isEmpty { grouped += " GROUP BY " + (1...keys.count).map(String.init).joined(separator: ", ") }
        var groups = add(grouped)
        if !sparklines.isEmpty {
            var columns = keys.map { "g.\(q($0.name))" }
            var joins = ""
            for (j, aggregate) in aggregates.enumerated() {
                guard let spark = sparklines[j] else {
                    columns.append("g.\(q(aggregate.name))")
                    continue
                }
                columns.append("p\(j).__spark AS \(q(aggregate.name))")
                let on = keys.indices.map { "g.\(q(keys[$0].name)) IS NOT DISTINCT FROM p\(j).__k\($0)" }
                joins += " LEFT JOIN \(q(spark)) p\(j) ON \(on.isEmpty ? "1 = 1" : on.joined(separator: " AND "))"
            }
            groups = add("SELECT \(columns.joined(separator: ", ")) FROM \(q(groups)) g\(joins)")
        }
        let output = LogicalPlan.aggregate(input, keys: keys, aggregates: aggregates)
        let orders = keys.map { compiler.order(of: $0.expr) } + aggregates.map { _ in nil as [String]? }
        let outputCompiler = expressions(over: output, Step(name: groups, ordered: false, orders: orders))
        var order: [String] = []
        for (i, key) in keys.enumerated() {
            for sql in try outputCompiler.sortKeys(.column(i, key.expr.type)) { order.append("\(sql) ASC NULLS LAST") }
        }
        let number = order.isEmpty ? "1" : "ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", ")))"
        return Step(name: add("SELECT *, \(number) AS \(Self.order) FROM \(q(groups))"), ordered: true, orders: orders)
    }

    /// One aggregate call, with its own filter (`count where won`) as SQL's `FILTER (WHERE …)`.
    private func aggregate(_ a: BoundAggregate, _ compiler: SQLExpressionCompiler, _ schema: RelationSchema)
        throws(Diagnostic) -> String
    {
        let compiler = compiler.at(a.span)
        let argument = try a.argument.map { (e) throws(Diagnostic) in try compiler.sql(Self.underFilter(e, a.filter)) }
        let filter = try a.filter.map { (e) throws(Diagnostic) in " FILTER (WHERE \(try compiler.sql(e)))" } ?? ""
        let distinct = a.distinct ? "DISTINCT " : ""
        func call(_ name: String, _ x: String) -> String { "\(name)(\(distinct)\(x))\(filter)" }
        switch a.function {
        case .count: return call("count", argument ?? "*")
        case .sum: return call("sum", argument!)
        case .avg: return call("avg", argument!)
        case .min, .max:
            guard let e = a.argument, compiler.order(of: e) == nil else {
                throw SQLUnsupported.error(
                    "\(a.function.name) of values in a domain order (stages)", span: a.span, dialect: dialect)
            }
            return call(a.function.name, e.type == .string ? dialect.byteOrdered(argument!) : argument!)
        case .stddev:
            guard dialect != .sqlite else { throw SQLUnsupported.error("stddev", span: a.span, dialect: dialect) }
            return call("stddev_samp", argument!)
        case .median: return try percentile(0.5, argument!, filter, a)
        case .percentile(let p): return try percentile(p / 100, argument!, filter, a)
        case .winrate:
            guard let outcome = OutcomeRule.classifier(in: schema, stages: stages) else {
                throw SQLUnsupported.error("winrate without a status or stage column", span: a.span, dialect: dialect)
            }
            let o = try compiler.sql(outcome)
            let extra = try a.filter.map { (e) throws(Diagnostic) in " AND \(try compiler.sql(e))" } ?? ""
            let won = "count(*) FILTER (WHERE \(o) = 'won'\(extra))"
            let closed = "count(*) FILTER (WHERE \(o) IN ('won', 'lost')\(extra))"
            return dialect.divide(won, closed)
        case .sparkline:
            return dialect.literal(.null, .string)  // written by `sparkline(_:keys:_:below:)`
        }
    }

    /// The columns a percentile or a standard deviation reads in SQLite, which has neither aggregate: the value
    /// (null where the aggregate's filter is false), and for a percentile its rank within the group and the group's
    /// count of values, for a standard deviation the group's mean.
    struct RankedValue {
        enum Kind {
            case percentile(Double, rank: String, count: String)
            case stddev(mean: String)
        }
        var value: String
        var kind: Kind
    }

    /// In SQLite, medians, percentiles and standard deviations prepare their values first, in two CTEs over the
    /// input (the values, then their ranks and counts, or means, per group of the keys); nil for each other
    /// aggregate, and in the other dialects.
    private mutating func rankForPercentiles(
        _ aggregates: [BoundAggregate], _ keys: [NamedBoundExpr], _ compiler: SQLExpressionCompiler, _ below: inout Step
    ) throws(Diagnostic) -> [RankedValue?] {
        var out = [RankedValue?](repeating: nil, count: aggregates.count)
        guard dialect == .sqlite else { return out }
        var values: [String] = []
        var ranks: [String] = []
        let partition =
            keys.isEmpty
            ? ""
            : "PARTITION BY "
                + (try keys.map { (k) throws(Diagnostic) in try compiler.sql(k.expr) }).joined(separator: ", ") + " "
        for (j, a) in aggregates.enumerated() {
            let p: Double?
            switch a.function {
            case .median: p = 0.5
            case .percentile(let q): p = q / 100
            case .stddev: p = nil
            default: continue
            }
            guard let argument = a.argument, argument.type.isNumeric || argument.type == .duration, !a.distinct else {
                throw SQLUnsupported.error("\(a.function.name) of this kind", span: a.span, dialect: dialect)
            }
            var x = try compiler.sql(argument)
            if let filter = a.filter { x = "CASE WHEN \(try compiler.sql(filter)) THEN \(x) END" }
            values.append("\(x) AS __p\(j)")
            let group = "OVER (\(partition.trimmingCharacters(in: .whitespaces)))"
            if let p {
                ranks.append("ROW_NUMBER() OVER (\(partition)ORDER BY __p\(j) NULLS LAST) AS __r\(j)")
                ranks.append("count(__p\(j)) \(group) AS __c\(j)")
                out[j] = RankedValue(value: "__p\(j)", kind: .percentile(p, rank: "__r\(j)", count: "__c\(j)"))
            } else {
                ranks.append("avg(__p\(j)) \(group) AS __m\(j)")
                out[j] = RankedValue(value: "__p\(j)", kind: .stddev(mean: "__m\(j)"))
            }
        }
        guard !values.isEmpty else { return out }
        let withValues = add("SELECT *, \(values.joined(separator: ", ")) FROM \(q(below.name))")
        below.name = add("SELECT *, \(ranks.joined(separator: ", ")) FROM \(q(withValues))")
        return out
    }

    /// A prepared aggregate. The continuous percentile: the value at rank ⌊p·(n−1)⌋+1, plus the fraction of the way
    /// to the next one (DuckDB's quantile_cont; the engine's). The sample standard deviation: from the group's mean,
    /// in two passes as the engine's (n − 1; null under two values).
    private func prepared(_ v: RankedValue) -> String {
        switch v.kind {
        case .percentile(let p, let rank, let count):
            let position = "(\(p) * (\(count) - 1))"
            let lower = "CAST(\(position) AS INTEGER) + 1"
            let low = "max(\(v.value)) FILTER (WHERE \(rank) = \(lower))"
            let high = "coalesce(max(\(v.value)) FILTER (WHERE \(rank) = \(lower) + 1), \(low))"
            let fraction = "max(\(position) - CAST(\(position) AS INTEGER))"
            return "(\(low) + \(fraction) * (\(high) - \(low)))"
        case .stddev(let mean):
            let deviation = "(\(v.value) - \(mean))"
            return "sqrt(sum(\(deviation) * \(deviation)) / NULLIF(count(\(v.value)) - 1, 0))"
        }
    }

    /// The continuous percentile (linear between the two nearest ranks), as the engine computes it.
    private func percentile(_ p: Double, _ x: String, _ filter: String, _ a: BoundAggregate) throws(Diagnostic)
        -> String
    {
        switch dialect {
        case .postgres: return "percentile_cont(\(p)) WITHIN GROUP (ORDER BY \(x))\(filter)"
        case .duckdb: return "quantile_cont(\(x), \(p))\(filter)"
        case .sqlite: throw SQLUnsupported.error(a.function.name, span: a.span, dialect: dialect)
        }
    }
}

extension SQLCompiler {
    /// An aggregate's argument as its filter leaves it: a column the filter fixes (`avg cycle where status =
    /// "won"`) read as that value, so the database folds what depends on it once (cycle's test of the deal's
    /// outcome) instead of on every row. Not a column the argument orders (`<`, `>`: a constant has no domain
    /// order), nor a number (a double's -0 and 0 are equal but divide apart).
    static func underFilter(_ e: BoundExpr, _ filter: BoundExpr?) -> BoundExpr {
        guard let filter else { return e }
        var fixed: [Int: BoundExpr] = [:]
        for test in filter.conjuncts {
            guard case .compare(.equal, let a, let b) = test else { continue }
            for (column, value) in [(a, b), (b, a)] {
                if case .column(let i, let type) = column, case .constant(let v, _) = value, !v.isNull,
                    [.string, .date, .bool].contains(type), value.type == type, !ordered(i, in: e)
                {
                    fixed[i] = value
                }
            }
        }
        return fixed.isEmpty ? e : e.substitutingColumns(fixed)
    }

    /// Whether `e` compares column `i` by order.
    private static func ordered(_ i: Int, in e: BoundExpr) -> Bool {
        if case .compare(let op, let a, let b) = e, op != .equal, op != .notEqual {
            for side in [a, b] { if case .column(i, _) = side { return true } }
        }
        return e.children.contains { ordered(i, in: $0) }
    }
}

import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQStorage

extension SQLCompiler {
    /// `GROUP BY` the keys, then the groups numbered in key order (nulls last, stages in pipeline order), as the
    /// engine's grouping returns them. Without keys: one row, whatever the input.
    mutating func aggregate(_ input: LogicalPlan, _ keys: [NamedBoundExpr], _ aggregates: [BoundAggregate])
        throws(Diagnostic) -> Step
    {
        let below = try relation(input)
        let compiler = expressions(over: input, below)
        var list: [String] = []
        for key in keys { list.append("\(try compiler.sql(key.expr)) AS \(q(key.name))") }
        for aggregate in aggregates {
            list.append("\(try self.aggregate(aggregate, compiler, input.schema)) AS \(q(aggregate.name))")
        }
        var grouped = "SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))"
        if !keys.isEmpty { grouped += " GROUP BY " + (1...keys.count).map(String.init).joined(separator: ", ") }
        let groups = add(grouped)
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
        let argument = try a.argument.map { (e) throws(Diagnostic) in try compiler.sql(e) }
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
            throw SQLUnsupported.error("sparkline", span: a.span, dialect: dialect)
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

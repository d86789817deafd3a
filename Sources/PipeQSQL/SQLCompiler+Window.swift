import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQStorage

extension SQLCompiler {
    /// Window functions over the current row order (`__ord`), within the partition of the `per` keys.
    mutating func window(_ input: LogicalPlan, _ items: [WindowItem], _ partition: [BoundExpr]) throws(Diagnostic)
        -> Step
    {
        let below = try relation(input)
        guard below.ordered else {
            throw SQLUnsupported.error(
                "a window over a database table's rows (they have no order: sort them first)",
                span: items.first?.span, dialect: dialect)
        }
        let compiler = expressions(over: input, below)
        var over = ""
        if !partition.isEmpty {
            over =
                "PARTITION BY "
                + (try partition.map { (e) throws(Diagnostic) in try compiler.sql(e) }).joined(separator: ", ") + " "
        }
        var columns: [NewColumn] = []
        for item in items {
            let sql: String
            if let period = item.period {
                sql = try periodsBack(item, period, partition, input, below)
            } else {
                sql = try windowCall(item, compiler.at(item.span), partition: over)
            }
            columns.append(
                NewColumn(
                    field: RelationSchema.FieldInfo(name: item.name, type: item.type, info: item.info), sql: sql,
                    order: nil))
        }
        return adding(columns, to: below, input)
    }

    private func windowCall(_ item: WindowItem, _ compiler: SQLExpressionCompiler, partition: String)
        throws(Diagnostic) -> String
    {
        let x = try item.argument.map { (e) throws(Diagnostic) in try compiler.sql(e) }
        let rows = "OVER (\(partition)ORDER BY \(Self.order))"
        let running = "OVER (\(partition)ORDER BY \(Self.order) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        switch item.function {
        case .cumsum: return "sum(\(x!)) \(running)"
        case .cumcount: return "count(\(x ?? "*")) \(running)"
        case .lag: return "lag(\(x!), \(item.count)) \(rows)"
        case .lead: return "lead(\(x!), \(item.count)) \(rows)"
        case .rowNumber: return "row_number() \(rows)"
        case .total: return "sum(\(x!)) OVER (\(partition.trimmingCharacters(in: .whitespaces)))"
        case .movingAvg:
            return
                "avg(\(x!)) OVER (\(partition)ORDER BY \(Self.order) ROWS BETWEEN \(item.count - 1) PRECEDING AND CURRENT ROW)"
        case .pctChange:
            let previous = "lag(\(x!), 1) \(rows)"
            return "(\(dialect.divide(x!, previous)) - 1)"
        case .rank, .denseRank:
            var order: [String] = []
            for key in item.order {
                for sql in try compiler.sortKeys(key.expr) {
                    order.append("\(sql) \(key.descending ? "DESC" : "ASC") NULLS LAST")
                }
            }
            let name = item.function == .rank ? "rank" : "dense_rank"
            return "\(name)() OVER (\(partition)ORDER BY \(order.joined(separator: ", ")))"
        }
    }

    /// A lag by calendar periods (growth's previous period and year ago): the value of the first row, in the row
    /// order, of the row's partition whose period is `count` periods before the row's, null when there is none (a
    /// gap is not skipped) or the row's period is null. A correlated subquery over the same step.
    private func periodsBack(
        _ item: WindowItem, _ period: PeriodStep, _ partition: [BoundExpr], _ input: LogicalPlan, _ below: Step
    ) throws(Diagnostic) -> String {
        let names = fields(of: below, input).map { q($0.name) }
        let inner = expressions(over: input, below, columns: names.map { "__p.\($0)" })
        let outer = expressions(over: input, below, columns: names.map { "\(q(below.name)).\($0)" })
        var conditions: [String] = []
        for e in partition {
            conditions.append("\(try inner.sql(e)) IS NOT DISTINCT FROM \(try outer.sql(e))")
        }
        let unit = period.unit.rawValue
        let start = dialect.periodStart(unit, try outer.sql(period.key))
        let earlier: String
        switch period.unit {
        case .week: earlier = dialect.plusDays(start, "\(-7 * item.count)", type: .date)
        case .month: earlier = dialect.plusMonths(start, -item.count, type: .date)
        case .quarter: earlier = dialect.plusMonths(start, -3 * item.count, type: .date)
        case .year: earlier = dialect.plusMonths(start, -12 * item.count, type: .date)
        }
        conditions.append("\(dialect.periodStart(unit, try inner.sql(period.key))) = \(earlier)")
        let value = try inner.sql(item.argument!)
        return
            "(SELECT \(value) FROM \(q(below.name)) __p WHERE \(conditions.joined(separator: " AND ")) ORDER BY __p.\(Self.order) LIMIT 1)"
    }
}

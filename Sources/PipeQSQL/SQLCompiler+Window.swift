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
            columns.append(
                NewColumn(
                    field: RelationSchema.FieldInfo(name: item.name, type: item.type, info: item.info),
                    sql: try windowCall(item, compiler, partition: over), order: nil))
        }
        return adding(columns, to: below, input)
    }

    private func windowCall(_ item: WindowItem, _ compiler: SQLExpressionCompiler, partition: String)
        throws(Diagnostic) -> String
    {
        if item.period != nil {
            throw SQLUnsupported.error("a lag by calendar periods", span: item.span, dialect: dialect)
        }
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
}

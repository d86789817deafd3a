import PipeQCore
import PipeQEngine
import PipeQStorage

extension SQLCompiler {
    /// `pivot COLUMN values VALUE [with totals]`: the cell columns are the data's values, so they are read first
    /// (`pivotCells`, one query) and written out as filtered aggregates, one group per combination of the keys.
    /// Two rows for one cell stop the statement with an error, as the engine's pivot does.
    mutating func pivot(_ input: LogicalPlan, _ node: PivotNode) throws(Diagnostic) -> Step {
        let below = try relation(input)
        let cells = try pivotCells(input, node, below: below)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below)
        let column = q(fields[node.column].name)
        let value = q(fields[node.value].name)
        let valueType = fields[node.value].type
        let keys = node.keys.map { q(fields[$0].name) }
        var list = keys
        var counts: [String] = []
        for (i, cell) in cells.enumerated() {
            let test = "\(column) IS NOT DISTINCT FROM \(dialect.literal(cell.value, fields[node.column].type))"
            list.append("\(dialect.pick(value, type: valueType)) FILTER (WHERE \(test)) AS \(q(cell.name))")
            counts.append("count(*) FILTER (WHERE \(test)) AS __n\(i)")
        }
        var grouped = "SELECT \((list + counts + ["1 AS __rows"]).joined(separator: ", ")) FROM \(q(below.name))"
        grouped += keys.isEmpty ? " HAVING count(*) > 0" : " GROUP BY \(keys.joined(separator: ", "))"
        let groups = add(grouped)
        // Fails the statement when a cell has two rows (each dialect's way of raising an error from a query).
        let duplicated = cells.indices.map { "__n\($0) > 1" }.joined(separator: " OR ")
        let check =
            cells.isEmpty
            ? "TRUE" : "\(dialect.fail("pivot found two rows for one cell", when: "(\(duplicated))")) IS NULL"
        var outputFields = node.keys.map { fields[$0] }
        outputFields += cells.map { cell in
            var info = ColumnInfo(name: cell.name)
            info.blankNulls = true
            return RelationSchema.FieldInfo(name: cell.name, type: valueType, info: info)
        }
        var orders = node.keys.map { below.orders[$0] }
        orders += cells.map { _ in nil }
        var order: [String] = []
        // The keys keep their names through the grouping, so their sort keys read the same there.
        for key in node.keys {
            for sql in try compiler.sortKeys(.column(key, fields[key].type)) { order.append("\(sql) ASC NULLS LAST") }
        }
        var names = outputFields.map { q($0.name) }
        var pivoted = "SELECT \(names.joined(separator: ", ")), 0 AS __total_row FROM \(q(groups)) WHERE \(check)"
        if node.totals {
            // A total column adding each row's cells, and a last row adding each column (nulls skipped; a total of
            // only nulls is null), its first key "total" when that key is text.
            let cellNames = cells.map { q($0.name) }
            let rowTotal =
                cellNames.isEmpty
                ? dialect.literal(.null, valueType)
                : "CASE WHEN \(cellNames.map { "\($0) IS NULL" }.joined(separator: " AND ")) THEN NULL ELSE "
                    + cellNames.map { "COALESCE(\($0), 0)" }.joined(separator: " + ") + " END"
            let withTotal = add("SELECT *, \(rowTotal) AS \(q("total")) FROM (\(pivoted)) p")
            outputFields.append(
                RelationSchema.FieldInfo(name: "total", type: valueType, info: ColumnInfo(name: "total")))
            orders.append(nil)
            names.append(q("total"))
            var totalRow: [String] = []
            for (k, key) in node.keys.enumerated() {
                totalRow.append(
                    k == 0 && fields[key].type == .string ? "'total'" : dialect.literal(.null, fields[key].type))
            }
            totalRow += (cellNames + [q("total")]).map { "sum(\($0))" }
            pivoted = "SELECT \(names.joined(separator: ", ")), 0 AS __total_row FROM \(q(withTotal))"
            if !node.keys.isEmpty {
                pivoted += " UNION ALL SELECT \(totalRow.joined(separator: ", ")), 1 FROM \(q(withTotal))"
                pivoted += " HAVING count(*) > 0"
            }
        }
        let all = add(pivoted)
        order.insert("__total_row", at: 0)
        let numbered = names + ["ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(Self.order)"]
        var step = Step(
            name: add("SELECT \(numbered.joined(separator: ", ")) FROM \(q(all))"), ordered: true, orders: orders)
        step.fields = outputFields
        return step
    }
}

extension SQLDialect {
    /// The one value of a group (a pivot cell holds one row): any aggregate that returns it.
    func pick(_ value: String, type: DataType) -> String {
        switch (self, type) {
        case (.postgres, .bool): return "bool_or(\(value))"
        default: return "max(\(value))"
        }
    }

    /// A value that is null unless `condition` holds, and then stops the statement with an error carrying the
    /// message (SQL has no portable RAISE: PostgreSQL fails to read the text as an integer, SQLite as JSON).
    func fail(_ message: String, when condition: String) -> String {
        switch self {
        case .postgres: return "CAST(CASE WHEN \(condition) THEN \(string(message + ": ")) || 1 END AS INTEGER)"
        case .duckdb: return "CASE WHEN \(condition) THEN error(\(string(message))) END"
        case .sqlite: return "CASE WHEN \(condition) THEN json(\(string(message))) END"
        }
    }
}

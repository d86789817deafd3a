import PipeQCore
import PipeQEngine
import PipeQStorage

/// What the history verbs share: the input deals with their `by` group, and the history's rows.
extension SQLCompiler {
    /// A verb's input rows with their group: the key values (named `names`), `__g` numbering the groups in key
    /// order (nulls last, stages in pipeline order) as the engine's `VerbGroups` number them, and, given an id
    /// field, `__id` and `__first` (1 on the first row of each id: the deal the history's rows belong to, as
    /// `DealKeys.positions` finds it). `group`, SQL over the input's columns, numbers the groups instead of the keys.
    mutating func groupedRows(
        _ input: LogicalPlan, keys: [NamedBoundExpr], names: [String], id: Int?, group: String? = nil,
        extra: (SQLExpressionCompiler) throws(Diagnostic) -> [String] = { _ in [] }
    ) throws(Diagnostic) -> (name: String, keyOrders: [[String]?]) {
        let below = try relation(input, ordered: id != nil)
        let compiler = expressions(over: input, below)
        var list: [String] = []
        var order: [String] = []
        for (key, name) in zip(keys, names) {
            list.append("\(try compiler.sql(key.expr)) AS \(q(name))")
            for sql in try compiler.sortKeys(key.expr) { order.append("\(sql) ASC NULLS LAST") }
        }
        if let group {
            list.append("\(group) AS __g")
        } else {
            list.append(
                order.isEmpty ? "1 AS __g" : "DENSE_RANK() OVER (ORDER BY \(order.joined(separator: ", "))) AS __g")
        }
        if let id {
            let x = try compiler.sql(.column(id, input.schema.fields[id].type))
            list.append("\(x) AS __id")
            let within = below.ordered ? " ORDER BY \(Self.order)" : ""
            list.append("ROW_NUMBER() OVER (PARTITION BY \(x)\(within)) AS __first")
        }
        list += try extra(compiler)
        let name = add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))")
        return (name, keys.map { compiler.order(of: $0.expr) })
    }

    /// Two ids as SQL compares them: as they are when their types agree, else both as text (the engine matches
    /// ids of mixed types by their text).
    func sameId(_ a: String, _ aType: DataType, _ b: String, _ bType: DataType) -> String {
        if aType == bType { return "\(a) = \(b)" }
        return "CAST(\(a) AS TEXT) = CAST(\(b) AS TEXT)"
    }

    /// `CASE WHEN condition THEN 1 ELSE 0 END`.
    func flag(_ condition: String) -> String { "CASE WHEN \(condition) THEN 1 ELSE 0 END" }

    /// The output's key fields' names (the verb's schema makes them unique against its own columns).
    static func keyNames(_ schema: RelationSchema, count: Int) -> [String] {
        schema.fields.prefix(count).map(\.name)
    }
}

extension SQLCompiler {
    /// The dictionary of a string field as the rows of `plan` carry it: the scanned table's column, through
    /// filters, sorts, joins and plain column references (a history verb's labels come from it, as the engine
    /// reads them from the column it gets). Nil for a computed column.
    func dictionary(of plan: LogicalPlan, field: Int) -> StringDictionary? {
        switch plan {
        case .scan(let scan):
            // A rebuilt stage column holds the stages of the history and of today.
            if let read = scan.asOf, let form = try? AsOfForm(read), scan.table === form.deals, field == form.stage {
                return StringDictionary(values: form.labels.isEmpty ? [""] : form.labels, order: form.stageOrder)
            }
            if case .string(_, let dictionary) = scan.table.fields[field].column.values { return dictionary }
            return nil
        case .filter(let input, _), .sort(let input, _), .top(let input, _, _), .limit(let input, _):
            return dictionary(of: input, field: field)
        case .join(let input, let node):
            let left = input.schema.fields.count
            if field < left { return dictionary(of: input, field: field) }
            return dictionary(of: node.right, field: node.added[field - left].index)
        case .project(let input, let items):
            if case .column(let i, _) = items[field].expr { return dictionary(of: input, field: i) }
            return nil
        case .extend(let input, let items):
            let name = plan.schema.fields[field].name
            if let item = items.last(where: { $0.name == name }) {
                if case .column(let i, _) = item.expr { return dictionary(of: input, field: i) }
                return nil
            }
            return input.schema.index(of: name).flatMap { dictionary(of: input, field: $0) }
        default: return nil
        }
    }

    /// A step's rows read as a table by core plan nodes: a table of `fields` (no rows of its own) whose scan
    /// reads the step `name`.
    mutating func table(standingFor name: String, fields: [(String, DataType)]) -> Table {
        let table = Table(
            name: name, fields: fields.map { Field(ColumnInfo(name: $0.0), Column.empty($0.1)) })
        derived[ObjectIdentifier(table)] = (
            table, SQLTableSource(name: q(name), columns: fields.map { q($0.0) }, orderColumn: nil)
        )
        return table
    }
}

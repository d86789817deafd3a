import PipeQCore
import PipeQEngine
import PipeQStorage

/// What the history verbs share: the input deals with their `by` group, and the history's rows.
extension SQLCompiler {
    /// A verb's input rows with their group: the key values (named `names`), `__g` numbering the groups in key
    /// order (nulls last, stages in pipeline order) as the engine's `VerbGroups` number them, and, given an id
    /// field, `__id` and `__first` (1 on the first row of each id: the deal the history's rows belong to, as
    /// `DealKeys.positions` finds it).
    mutating func groupedRows(
        _ input: LogicalPlan, keys: [NamedBoundExpr], names: [String], id: Int?,
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
        list.append(order.isEmpty ? "1 AS __g" : "DENSE_RANK() OVER (ORDER BY \(order.joined(separator: ", "))) AS __g")
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

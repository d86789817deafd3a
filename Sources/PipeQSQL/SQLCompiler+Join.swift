import PipeQCore
import PipeQEngine
import PipeQStorage

extension SQLCompiler {
    /// An equi-join. Null keys match nothing in SQL as in the engine; inner and left joins keep the input's order
    /// and, within one input row, the other side's (unless `ordered` is false: then no order at all); semi and
    /// anti joins are `[NOT] EXISTS`.
    mutating func join(_ input: LogicalPlan, _ node: JoinNode, ordered: Bool) throws(Diagnostic) -> Step {
        let left = try relation(input, ordered: ordered)
        let right = try relation(node.right, ordered: ordered && (node.kind == .inner || node.kind == .left))
        let leftFields = fields(of: left, input)
        let rightFields = node.right.schema.fields
        let on = node.keys.map { "l.\(q(leftFields[$0.left].name)) = r.\(q(rightFields[$0.right].name))" }
            .joined(separator: " AND ")
        switch node.kind {
        case .semi, .anti:
            let exists = "\(node.kind == .anti ? "NOT " : "")EXISTS (SELECT 1 FROM \(q(right.name)) r WHERE \(on))"
            var step = Step(
                name: add("SELECT l.* FROM \(q(left.name)) l WHERE \(exists)"), ordered: left.ordered,
                orders: left.orders)
            step.fields = left.fields
            return step
        case .inner, .left:
            var list = leftFields.map { "l.\(q($0.name))" }
            list += node.added.map { "r.\(q(rightFields[$0.index].name)) AS \(q($0.field.name))" }
            var order: [String] = []
            if ordered && left.ordered { order.append("l.\(Self.order)") }
            if ordered && right.ordered { order.append("r.\(Self.order)") }
            if !order.isEmpty {
                list.append("ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(Self.order)")
            }
            let kind = node.kind == .inner ? "JOIN" : "LEFT JOIN"
            var step = Step(
                name: add(
                    "SELECT \(list.joined(separator: ", ")) FROM \(q(left.name)) l \(kind) \(q(right.name)) r ON \(on)"),
                ordered: ordered && left.ordered, orders: left.orders + node.added.map { right.orders[$0.index] })
            if left.fields != nil { step.fields = leftFields + node.added.map(\.field) }
            return step
        }
    }

    /// The input's rows, then the other side's (`UNION ALL` by name: a column one side lacks is null there).
    mutating func append(_ input: LogicalPlan, _ node: AppendNode) throws(Diagnostic) -> Step {
        let top = try relation(input)
        let bottom = try relation(node.other)
        if let span = Self.pivotSpan(input) ?? Self.pivotSpan(node.other) {
            throw SQLUnsupported.error("append after pivot", span: span, dialect: dialect)
        }
        let output = node.schema(over: input.schema).fields
        let otherFields = node.other.schema.fields
        let inputCount = input.schema.fields.count
        var upper: [String] = []
        var lower: [String] = []
        for (i, field) in output.enumerated() {
            upper.append(
                i < inputCount ? q(field.name) : "\(dialect.literal(.null, field.type)) AS \(q(field.name))")
            lower.append(
                node.sources[i].map { q(otherFields[$0].name) } ?? dialect.literal(.null, field.type))
        }
        let orders =
            top.orders
            + node.added.compactMap { field in
                otherFields.firstIndex { $0.name == field.name }.map { bottom.orders[$0] }
            }
        let ordered = top.ordered && bottom.ordered
        if ordered {
            upper += ["0 AS __part", Self.order]
            lower += ["1", Self.order]
        }
        let union = add(
            "SELECT \(upper.joined(separator: ", ")) FROM \(q(top.name)) UNION ALL SELECT \(lower.joined(separator: ", ")) FROM \(q(bottom.name))"
        )
        guard ordered else { return Step(name: union, ordered: false, orders: orders) }
        let list = output.map { q($0.name) } + ["ROW_NUMBER() OVER (ORDER BY __part, \(Self.order)) AS \(Self.order)"]
        return Step(name: add("SELECT \(list.joined(separator: ", ")) FROM \(q(union))"), ordered: true, orders: orders)
    }
}

extension SQLCompiler {
    /// The pivot a plan's rows come from (through stages that keep its columns), for the stages that need their
    /// input's columns known before the data is read.
    static func pivotSpan(_ plan: LogicalPlan) -> SourceSpan? {
        switch plan {
        case .pivot(_, let node): return node.span
        case .filter(let input, _), .sort(let input, _), .top(let input, _, _), .limit(let input, _),
            .extend(let input, _), .window(let input, _, _), .join(let input, _):
            return pivotSpan(input)
        default: return nil
        }
    }
}

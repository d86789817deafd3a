import PipeQCore
import PipeQEngine
import PipeQStorage

/// `deals asof DATE` (and `history asof DATE`): the tables as they stood at the end of the day, as
/// `PipelineAsOf` rebuilds them. The history keeps the rows entered by then, their later exits cleared. Each deal
/// takes its stage at the day from its history grouped per deal (`historyPerDeal`), is left out before it
/// existed, and its status, stage_entered and probability follow its stage; its other columns are today's.
extension SQLCompiler {
    mutating func asOfScan(_ scan: TableScan, _ read: AsOfRead, _ plan: LogicalPlan) throws(Diagnostic) -> Step {
        let form = try AsOfForm(read)
        var step: Step
        if scan.table === form.history.table {
            step = historyAsOf(form.history, day: read.day)
        } else if scan.table === form.deals {
            step = try dealsAsOf(form, day: read.day)
        } else {
            var plain = scan
            plain.asOf = nil
            plain.filter = nil
            step = try relation(.scan(plain))
        }
        if let filter = scan.filter {
            step.name = add("SELECT * FROM \(q(step.name)) WHERE \(try expressions(over: plan, step).sql(filter))")
        }
        return step
    }

    /// The history rows entered by the end of the day, in their order; an exit after it cleared.
    private mutating func historyAsOf(_ history: HistoryRead, day: Int32) -> Step {
        let table = history.table
        let source = source(table)
        let fields = table.fields
        var list: [String] = []
        for (i, (column, field)) in zip(source.columns, fields).enumerated() {
            if i == history.exitedAt {
                list.append(
                    "CASE WHEN \(column) >= \(cutoff(day, field.type)) THEN NULL ELSE \(column) END AS \(q(field.name))"
                )
            } else {
                list.append(column == q(field.name) ? column : "\(column) AS \(q(field.name))")
            }
        }
        if let order = source.orderColumn { list.append("\(order) AS \(Self.order)") }
        let entered = source.columns[history.enteredAt!]
        let at = cutoff(day, fields[history.enteredAt!].type)
        return Step(
            name: add(
                "SELECT \(list.joined(separator: ", ")) FROM \(source.name) WHERE \(entered) IS NOT NULL AND \(entered) < \(at)"
            ), ordered: source.orderColumn != nil, orders: fields.map(Self.domainOrder))
    }

    /// The deals that existed at the end of the day, in their order, as they stood then.
    private mutating func dealsAsOf(_ form: AsOfForm, day: Int32) throws(Diagnostic) -> Step {
        let deals = form.deals
        let source = source(deals)
        let fields = deals.fields
        var list = zip(source.columns, fields).map { column, field in
            column == q(field.name) ? column : "\(column) AS \(q(field.name))"
        }
        let id = source.columns[form.id]
        let within = source.orderColumn.map { " ORDER BY \($0)" } ?? ""
        list.append("ROW_NUMBER() OVER (PARTITION BY \(id)\(within)) AS __first")
        if let order = source.orderColumn { list.append("\(order) AS \(Self.order)") }
        let rows = add("SELECT \(list.joined(separator: ", ")) FROM \(source.name)")
        let perDeal = try historyPerDeal(form.history, days: [day])
        func column(_ i: Int) -> String { "d.\(q(fields[i].name))" }
        let history = form.history.plan.schema.fields
        let state = try dealState(
            0, day: day, stage: column(form.stage),
            since: form.stageEntered.map { (column($0), fields[$0].type) },
            created: form.created.map { (column($0), fields[$0].type) },
            enteredType: history[form.history.enteredAt!].type)
        var out: [String] = []
        var orders: [[String]?] = []
        for (i, field) in fields.enumerated() {
            let name = q(field.name)
            orders.append(Self.domainOrder(field))
            switch field.info.role {
            case .stage? where i == form.stage:
                out.append("\(state.label) AS \(name)")
                orders[i] = form.stageOrder
            case .status? where field.type == .string:
                let spelling = AsOfForm.status(field.column)
                var status = "(CASE \(state.status)"
                for (outcome, word) in zip(["open", "won", "lost"], spelling.names) {
                    status += " WHEN '\(outcome)' THEN \(dialect.string(word))"
                }
                out.append(status + " END) AS \(name)")
                orders[i] = spelling.order
            case .stageEntered? where i == form.stageEntered:
                out.append("\(state.when) AS \(name)")
            case .probability? where field.type.isNumeric:
                out.append("\(probability(field, column(i), current: column(form.stage), state.label)) AS \(name)")
            default:
                out.append(column(i))
            }
        }
        if source.orderColumn != nil { out.append("d.\(Self.order)") }
        let on = sameId(column(form.id), fields[form.id].type, "h.__id", history[form.history.dealId].type)
        return Step(
            name: add(
                "SELECT \(out.joined(separator: ", ")) FROM \(q(rows)) d LEFT JOIN \(q(perDeal)) h "
                    + "ON d.__first = 1 AND \(on) WHERE \(state.exists)"), ordered: source.orderColumn != nil,
            orders: orders)
    }

    /// A deal's probability at the day: today's where its stage is today's, else its stage's probability from
    /// the definitions (in the column's scale; rounded for a column of integers), else null.
    private func probability(_ field: Field, _ own: String, current: String, _ label: String) -> String {
        let scale = AsOfForm.probabilityScale(field.column)
        var byStage = "CASE \(label)"
        var any = false
        var seen: Set<String> = []
        for definition in stages.stages where seen.insert(definition.name).inserted {
            guard let p = definition.probability else { continue }
            let value = p * scale
            let literal =
                field.type == .int
                ? dialect.literal(.int(Int64(value.rounded())), .int) : dialect.literal(.double(value), .double)
            byStage += " WHEN \(dialect.string(definition.name)) THEN \(literal)"
            any = true
        }
        byStage = any ? byStage + " END" : dialect.literal(.null, field.type)
        return "(CASE WHEN \(same(label, current)) THEN \(own) WHEN \(label) IS NOT NULL THEN \(byStage) END)"
    }

    /// A column's domain order, as a scan reads it.
    static func domainOrder(_ field: Field) -> [String]? {
        if case .string(_, let dictionary) = field.column.values { return dictionary.domainOrder }
        return nil
    }
}

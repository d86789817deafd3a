import PipeQCore
import PipeQEngine
import PipeQStorage

/// `changes [summary] from DATE to DATE`, as `ChangesPlan` finds them: each input deal's state at the end of
/// both days (one grouping of the history per deal serves both, `historyPerDeal`), then per deal which kinds of
/// change it made. New: open at the end but absent or closed at the start; won or lost: open or new, then
/// closed; moved: open at both in different stages; slipped: open at the end with its close date in the period.
/// The detail lists the deals kind by kind, each kind in the input's order; the summary counts and sums them.
extension SQLCompiler {
    mutating func changes(_ input: LogicalPlan, _ form: ChangesForm) throws(Diagnostic) -> Step {
        let below = try relation(input)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below, columns: fields.map { "d.\(q($0.name))" })
        func column(_ i: Int) throws(Diagnostic) -> (sql: String, type: DataType) {
            (try compiler.sql(.column(i, fields[i].type)), fields[i].type)
        }
        let id = try column(form.id)
        var list = ["d.*"]
        let within = below.ordered ? " ORDER BY d.\(Self.order)" : ""
        list.append("ROW_NUMBER() OVER (PARTITION BY \(id.sql)\(within)) AS __first")
        let rows = add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name)) d")
        let perDeal = try historyPerDeal(form.history, days: [form.from, form.to])
        let history = form.history.plan.schema.fields
        let entered = history[form.history.enteredAt!].type
        let stage = try form.stage.map { (i) throws(Diagnostic) in try column(i).sql }
        let since = try form.stageEntered.map { (i) throws(Diagnostic) in try column(i) }
        let created = try form.created.map { (i) throws(Diagnostic) in try column(i) }
        let start = try dealState(0, day: form.from, stage: stage, since: since, created: created, enteredType: entered)
        let end = try dealState(1, day: form.to, stage: stage, since: since, created: created, enteredType: entered)
        var slipped = "1 = 0"
        if let close = try form.closeDate.map({ (i) throws(Diagnostic) in try column(i) }) {
            slipped =
                "\(close.sql) >= \(cutoff(form.from, close.type)) AND \(close.sql) < \(cutoff(form.to, close.type))"
        }
        var each = [
            "\(id.sql) AS __id", "CAST(\(try column(form.value).sql) AS \(dialect.typeName(.double))) AS __v",
            "\(start.status) AS __s", "\(end.status) AS __e",
            "CASE WHEN \(start.exists) THEN \(start.label) END AS __from",
            "CASE WHEN \(end.exists) THEN \(end.label) END AS __to", "\(flag(slipped)) AS __slip",
        ]
        if below.ordered { each.append("d.\(Self.order)") }
        let on = sameId(id.sql, id.type, "h.__id", history[form.history.dealId].type)
        let states = add(
            "SELECT \(each.joined(separator: ", ")) FROM \(q(rows)) d LEFT JOIN \(q(perDeal)) h ON d.__first = 1 AND \(on)"
        )
        let new = "((__s = 'absent' AND __e <> 'absent') OR (__s NOT IN ('open', 'absent') AND __e = 'open'))"
        let kinds = [
            new,
            "((__s = 'open' OR \(new)) AND __e = 'won')",
            "((__s = 'open' OR \(new)) AND __e = 'lost')",
            "(__s = 'open' AND __e = 'open' AND NOT \(same("__from", "__to")))",
            "(__e = 'open' AND __slip = 1)",
        ]
        let names = form.outputSchema.fields.map { q($0.name) }
        let stageOrder: [String]? = stages.stages.isEmpty ? nil : stages.order
        if form.summary {
            let zero = dialect.literal(.double(0), .double)
            func line(_ k: Int, _ condition: String?) -> String {
                var list = ["\(dialect.string(form.lines[k])) AS \(names[0])"]
                if let condition {
                    list.append("coalesce(sum(\(flag(condition))), 0) AS \(names[1])")
                    list.append("coalesce(sum(CASE WHEN \(condition) THEN __v END), \(zero)) AS \(names[2])")
                } else {
                    list.append("\(dialect.literal(.null, .int)) AS \(names[1])")
                    list.append("\(dialect.literal(.null, .double)) AS \(names[2])")
                }
                list.append("\(dialect.string(form.notes[k])) AS \(names[3])")
                list.append("\(k + 1) AS \(Self.order)")
                return "SELECT \(list.joined(separator: ", ")) FROM \(q(states))"
            }
            let lines =
                [line(0, "__s = 'open'")]
                + kinds.enumerated().map { k, condition in
                    line(k + 1, k == 4 && form.closeDate == nil ? nil : condition)
                } + [line(6, "__e = 'open'")]
            return Step(
                name: add(lines.joined(separator: " UNION ALL ")), ordered: true, orders: [form.lines, nil, nil, nil])
        }
        var selects: [String] = []
        for (k, condition) in kinds.enumerated() {
            var list = [
                "\(dialect.string(form.kinds[k])) AS \(names[0])", "__id AS \(names[1])", "__v AS \(names[2])",
                "__from AS \(names[3])", "__to AS \(names[4])", "\(k) AS __kind",
            ]
            list.append(below.ordered ? Self.order : "0 AS \(Self.order)")
            selects.append("SELECT \(list.joined(separator: ", ")) FROM \(q(states)) WHERE \(condition)")
        }
        let listed = add(selects.joined(separator: " UNION ALL "))
        let out = names + ["ROW_NUMBER() OVER (ORDER BY __kind, \(Self.order)) AS \(Self.order)"]
        return Step(
            name: add("SELECT \(out.joined(separator: ", ")) FROM \(q(listed))"), ordered: true,
            orders: [form.kinds, below.orders[form.id], nil, stageOrder, stageOrder])
    }
}

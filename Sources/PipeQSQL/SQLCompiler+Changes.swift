import PipeQCore
import PipeQEngine
import PipeQStorage

/// `changes [summary] from DATE to DATE`, the slippage waterfall as `ChangesPlan` finds it: each input deal's
/// stage, close date and amount at the end of both days (the history grouped per deal once for both days and,
/// when the terms are the history's own rows, for the terms too: `historyPerDeal`), whether it is in the period's
/// pipeline at each day (open, and due by TO when close dates are known), then per deal which kinds of change it
/// made (`ChangesForm.Kind`). The detail lists the deals kind by kind, each kind in the input's order; the summary
/// counts and sums them between the pipeline at the start and at the end.
extension SQLCompiler {
    mutating func changes(_ input: LogicalPlan, _ form: ChangesForm) throws(Diagnostic) -> Step {
        let below = try relation(input)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below, columns: fields.map { "d.\(q($0.name))" })
        func column(_ i: Int) throws(Diagnostic) -> (sql: String, type: DataType) {
            (try compiler.sql(.column(i, fields[i].type)), fields[i].type)
        }
        let id = try column(form.id)
        let within = below.ordered ? " ORDER BY d.\(Self.order)" : ""
        let rows = add(
            "SELECT d.*, ROW_NUMBER() OVER (PARTITION BY \(id.sql)\(within)) AS __first FROM \(q(below.name)) d")
        let days = [form.from, form.to]
        let history = form.history.plan.schema.fields
        let shared = form.terms.sameRows(as: form.history)
        let termDays = days.map(form.terms.known(at:))
        let perDeal = try historyPerDeal(
            form.history, days: days, terms: shared ? form.terms.columns : [], termDays: termDays)
        var joins = "LEFT JOIN \(q(perDeal)) h ON d.__first = 1 AND "
        joins += sameId(id.sql, id.type, "h.__id", history[form.history.dealId].type)
        let termsAlias = shared ? "h" : "t"
        if !shared {
            let perDealTerms = try termsPerDeal(form.terms, days: termDays)
            let termsId = form.terms.plan.schema.fields[form.terms.dealId].type
            joins += " LEFT JOIN \(q(perDealTerms)) t ON d.__first = 1 AND "
            joins += sameId(id.sql, id.type, "t.__id", termsId)
        }
        let stage = try form.stage.map { (i) throws(Diagnostic) in try column(i).sql }
        let since = try form.stageEntered.map { (i) throws(Diagnostic) in try column(i) }
        let created = try form.created.map { (i) throws(Diagnostic) in try column(i) }
        let entered = history[form.history.enteredAt!].type
        let terms = try dealTerms(form, current: column, alias: termsAlias)
        var each = ["\(id.sql) AS __id"]
        for (j, day) in days.enumerated() {
            let state = try dealState(j, day: day, stage: stage, since: since, created: created, enteredType: entered)
            each.append("\(state.status) AS __s\(j)")
            each.append("CASE WHEN \(state.exists) THEN \(state.label) END AS __stage\(j)")
            each.append("\(terms.close[j]) AS __close\(j)")
            each.append("\(terms.amount[j]) AS __v\(j)")
        }
        if below.ordered { each.append("d.\(Self.order)") }
        let states = add("SELECT \(each.joined(separator: ", ")) FROM \(q(rows)) d \(joins)")
        // In the period's pipeline at each day (open, and due by TO when close dates are known), and closed in it.
        let to = dialect.literal(.date(form.to), .date)
        func tracked(_ j: Int) -> String {
            flag(
                "__s\(j) = 'open'" + (form.hasCloseDates ? " AND __close\(j) IS NOT NULL AND __close\(j) <= \(to)" : "")
            )
        }
        let closed = flag("__s1 IN ('won', 'lost') AND __s0 IN ('open', 'absent')")
        let flags = add(
            "SELECT *, \(tracked(0)) AS __in0, \(tracked(1)) AS __in1, \(closed) AS __closed FROM \(q(states))")
        let names = form.outputSchema.fields.map { q($0.name) }
        if form.summary {
            let zero = dialect.literal(.double(0), .double)
            func line(_ k: Int, _ condition: String, _ amount: String) -> String {
                [
                    "SELECT \(dialect.string(ChangesForm.lines[k])) AS \(names[0])",
                    "coalesce(sum(\(flag(condition))), 0) AS \(names[1])",
                    "coalesce(sum(CASE WHEN \(condition) THEN coalesce(\(amount), \(zero)) END), \(zero)) AS \(names[2])",
                    "\(dialect.string(form.notes[k])) AS \(names[3])",
                    "\(k + 1) AS \(Self.order) FROM \(q(flags))",
                ].joined(separator: ", ")
            }
            let moves = ChangesForm.Kind.waterfall.enumerated().map { k, kind in
                let (condition, amount) = self.condition(kind, form)
                return line(k + 1, condition, amount)
            }
            let lines = [line(0, "__in0 = 1", "__v0")] + moves + [line(moves.count + 1, "__in1 = 1", "__v1")]
            return Step(
                name: add(lines.joined(separator: " UNION ALL ")), ordered: true,
                orders: [ChangesForm.lines, nil, nil, nil])
        }
        var selects: [String] = []
        for kind in ChangesForm.Kind.allCases {
            let (condition, amount) = self.condition(kind, form)
            let list = [
                "\(dialect.string(kind.label)) AS \(names[0])", "__id AS \(names[1])", "\(amount) AS \(names[2])",
                "__stage0 AS \(names[3])", "__stage1 AS \(names[4])", "__close0 AS \(names[5])",
                "__close1 AS \(names[6])", "\(kind.rawValue) AS __kind",
                below.ordered ? Self.order : "0 AS \(Self.order)",
            ]
            selects.append("SELECT \(list.joined(separator: ", ")) FROM \(q(flags)) WHERE \(condition)")
        }
        let listed = add(selects.joined(separator: " UNION ALL "))
        let out = names + ["ROW_NUMBER() OVER (ORDER BY __kind, \(Self.order)) AS \(Self.order)"]
        let stageOrder: [String]? = stages.stages.isEmpty ? nil : stages.order
        return Step(
            name: add("SELECT \(out.joined(separator: ", ")) FROM \(q(listed))"), ordered: true,
            orders: [ChangesForm.kinds, below.orders[form.id], nil, stageOrder, stageOrder, nil, nil])
    }

    /// Which deals make a kind of change (over the flags step: `__s0`/`__s1` the status at both days, `__in0`/`__in1`
    /// in the period's pipeline, `__closed` closed in the period) and the amount its line counts.
    private func condition(_ kind: ChangesForm.Kind, _ form: ChangesForm) -> (String, String) {
        let zero = dialect.literal(.double(0), .double)
        let increase = "(coalesce(__v1, \(zero)) - coalesce(__v0, \(zero)))"
        let decrease = "(coalesce(__v0, \(zero)) - coalesce(__v1, \(zero)))"
        let entered = "__in0 = 0 AND (__in1 = 1 OR __closed = 1)"
        switch kind {
        case .created: return ("\(entered) AND __s0 <> 'open'", "__v1")
        case .pulled: return ("\(entered) AND __s0 = 'open'", "__v1")
        case .amountUp: return ("__in0 = 1 AND \(increase) > 0", increase)
        case .amountDown: return ("__in0 = 1 AND \(increase) < 0", decrease)
        case .pushed: return ("__in0 = 1 AND __in1 = 0 AND __closed = 0", "__v1")
        case .lost: return ("__closed = 1 AND __s1 = 'lost'", "__v1")
        case .won: return ("__closed = 1 AND __s1 = 'won'", "__v1")
        case .moved: return ("__s0 = 'open' AND __s1 = 'open' AND NOT \(same("__stage0", "__stage1"))", "__v1")
        case .overdue:
            let from = dialect.literal(.date(form.from), .date)
            let to = dialect.literal(.date(form.to), .date)
            return ("__s1 = 'open' AND __close1 IS NOT NULL AND __close1 > \(from) AND __close1 <= \(to)", "__v1")
        }
    }

    /// Each deal's close date (a date) and amount (a double) at the end of each day of the form: the latest its
    /// terms recorded by then (`__term{k}_{j}` of the per-deal terms under `alias`), else the deal's own.
    private func dealTerms(
        _ form: ChangesForm, current column: (Int) throws(Diagnostic) -> (sql: String, type: DataType), alias: String
    ) throws(Diagnostic) -> (close: [String], amount: [String]) {
        let fields = form.terms.plan.schema.fields
        let double = dialect.typeName(.double)
        let value = try column(form.value)
        let ownAmount = "CAST(\(value.sql) AS \(double))"
        var ownClose = dialect.literal(.null, .date)
        if let i = form.closeDate {
            let close = try column(i)
            ownClose = try temporal(close.sql, from: close.type, to: .date)
        }
        var close: [String] = []
        var amount: [String] = []
        for j in 0..<2 {
            var k = 0
            if let i = form.terms.closeDate {
                let recorded = try temporal("\(alias).__term\(k)_\(j)", from: fields[i].type, to: .date)
                close.append("coalesce(\(recorded), \(ownClose))")
                k += 1
            } else {
                close.append(ownClose)
            }
            if form.terms.amount != nil {
                amount.append("coalesce(CAST(\(alias).__term\(k)_\(j) AS \(double)), \(ownAmount))")
            } else {
                amount.append(ownAmount)
            }
        }
        return (close, amount)
    }
}

import PipeQCore
import PipeQEngine
import PipeQStorage

/// `funnel [strict] [by …]`, as `FunnelPlan` counts it: per group, the deals that reached each step.
///
/// From the history, the rows are first grouped by deal id (one row per deal: whether it has a row at each step,
/// and for `strict` when it first entered each), and only that per-deal table meets the deals. A deal reaches a
/// step when it has a history row there; strictly, when it has rows at every step from the first to this one,
/// each first entered no earlier than the step before (steps without an entered_at skipped). From current stages,
/// a deal reached its stage's step and every one before it; a lost deal counts at the first step.
extension SQLCompiler {
    mutating func funnel(_ input: LogicalPlan, _ form: FunnelForm) throws(Diagnostic) -> Step {
        guard form.pipelines == 0 else {
            throw SQLUnsupported.error("funnel over several pipelines", dialect: dialect)
        }
        let steps = form.steps
        let names = Self.keyNames(form.outputSchema, count: form.keys.count)
        var keyOrders: [[String]?] = []
        let counts: String
        let label: String
        func sums(_ each: (Int) -> String) -> [String] {
            (0..<steps.count).map { "coalesce(sum(\(each($0))), 0) AS c\($0)" }
        }
        func grouped(_ list: [String], from: String) -> String {
            let keys = names.map { "d.\(q($0))" }
            let head = (names.isEmpty ? ["1 AS __g"] : ["d.__g"] + keys) + list
            let group = names.isEmpty ? "" : " GROUP BY " + (["d.__g"] + keys).joined(separator: ", ")
            return "SELECT \(head.joined(separator: ", ")) FROM \(from)\(group)"
        }
        switch form.source {
        case .history(let history, let id):
            label = "history"
            let perDeal = try stepsPerDeal(
                history.plan, dealId: history.dealId, stage: history.stage,
                entered: form.strict ? history.enteredAt : nil, steps: steps, strict: form.strict)
            let rows = try groupedRows(input, keys: form.keys, names: names, id: id)
            keyOrders = rows.keyOrders
            let on = sameId(
                "d.__id", input.schema.fields[id].type, "h.__id", history.plan.schema.fields[history.dealId].type)
            counts = add(
                grouped(
                    sums { "h.o\($0)" },
                    from: "\(q(rows.name)) d LEFT JOIN \(q(perDeal)) h ON d.__first = 1 AND \(on)"))
        case .historyRows(let dealId, let stage, let entered):
            guard form.keys.isEmpty else {
                throw SQLUnsupported.error("funnel by … over history rows", dialect: dialect)
            }
            label = "history"
            let perDeal = try stepsPerDeal(
                input, dealId: dealId, stage: stage, entered: form.strict ? entered : nil, steps: steps,
                strict: form.strict)
            counts = add(grouped(sums { "d.o\($0)" }, from: "\(q(perDeal)) d"))
        case .current(let stage, let outcome):
            label = "current stage"
            let steps = steps
            let dialect = dialect
            let rows = try groupedRows(input, keys: form.keys, names: names, id: nil) {
                (compiler) throws(Diagnostic) in
                let x = try compiler.sql(.column(stage, .string))
                var step = "CASE"
                for (k, name) in steps.enumerated() { step += " WHEN \(x) = \(dialect.string(name)) THEN \(k)" }
                return [step + " WHEN \(try compiler.sql(outcome)) = 'lost' THEN 0 END AS __k"]
            }
            keyOrders = rows.keyOrders
            counts = add(grouped(sums { flag("d.__k >= \($0)") }, from: "\(q(rows.name)) d"))
        }
        // One row per group and step, group by group in key order, steps in order.
        let fields = form.outputSchema.fields
        let k0 = names.count
        var selects: [String] = []
        for (k, name) in steps.enumerated() {
            var list = names.map { q($0) }
            list.append("\(dialect.string(name)) AS \(q(fields[k0].name))")
            list.append("c\(k) AS \(q(fields[k0 + 1].name))")
            list.append(
                (k == 0 ? dialect.literal(.null, .double) : dialect.divide("c\(k)", "c\(k - 1)"))
                    + " AS \(q(fields[k0 + 2].name))")
            list.append("\(dialect.divide("c\(k)", "c0")) AS \(q(fields[k0 + 3].name))")
            list.append(
                (k == 0 ? dialect.literal(.null, .int) : "(c\(k - 1) - c\(k))") + " AS \(q(fields[k0 + 4].name))")
            list.append("\(dialect.string(label)) AS \(q(fields[k0 + 5].name))")
            list.append("((__g - 1) * \(steps.count) + \(k + 1)) AS \(Self.order)")
            selects.append("SELECT \(list.joined(separator: ", ")) FROM \(q(counts))")
        }
        return Step(
            name: add(selects.joined(separator: " UNION ALL ")), ordered: true,
            orders: keyOrders + [steps, nil, nil, nil, nil, nil])
    }

    /// The history rows of `plan` grouped by deal id: one row per deal, `__id` and `o0`, `o1`, … (1 when the
    /// deal reached step k, else 0). Not strict: it has a row at step k. Strict: it has rows at steps 0…k, and the
    /// first entered_at of each step (where known) is no earlier than the last known one before it.
    mutating func stepsPerDeal(
        _ plan: LogicalPlan, dealId: Int, stage: Int, entered: Int?, steps: [String], strict: Bool
    ) throws(Diagnostic) -> String {
        let below = try relation(plan, ordered: false)
        let compiler = expressions(over: plan, below)
        let fields = plan.schema.fields
        let id = try compiler.sql(.column(dealId, fields[dealId].type))
        let x = try compiler.sql(.column(stage, .string))
        let at = try entered.map { (e) throws(Diagnostic) in try compiler.sql(.column(e, fields[e].type)) }
        var list = ["\(id) AS __id"]
        for (k, name) in steps.enumerated() {
            let here = "\(x) = \(dialect.string(name))"
            list.append("max(\(flag(here))) AS \(strict ? "r" : "o")\(k)")
            if let at { list.append("min(CASE WHEN \(here) THEN \(at) END) AS t\(k)") }
        }
        let perDeal = add(
            "SELECT \(list.joined(separator: ", ")) FROM \(q(below.name)) WHERE \(id) IS NOT NULL GROUP BY \(id)")
        guard strict else { return perDeal }
        var reached: [String] = []
        var out = ["__id"]
        for k in steps.indices {
            var test = "r\(k) = 1"
            if at != nil, k > 0 {
                let last =
                    k == 1 ? "t0" : "coalesce(" + (0..<k).reversed().map { "t\($0)" }.joined(separator: ", ") + ")"
                test += " AND (t\(k) IS NULL OR \(last) IS NULL OR t\(k) >= \(last))"
            }
            reached.append("(\(test))")
            out.append("\(flag(reached.joined(separator: " AND "))) AS o\(k)")
        }
        return add("SELECT \(out.joined(separator: ", ")) FROM \(q(perDeal))")
    }
}

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
///
/// Over several pipelines (a scope), the steps are each pipeline's own, one pipeline after the other, and a row
/// reaches steps of its pipeline only (the history row's own pipeline, else its deal's). Grouped by pipeline,
/// each group shows its pipeline's steps; otherwise the counts are summed by stage name into the merged steps.
extension SQLCompiler {
    /// The scoped steps (or the plain steps as one pipeline): each one's stage name, pipeline name (nil without
    /// a scope), its pipeline's first and last step.
    struct FunnelSteps {
        var name: [String]
        var pipeline: [String?]
        var first: [Int]
        var last: [Int]
        var merged: [Int]

        init(_ form: FunnelForm) {
            guard let scope = form.scope else {
                name = form.steps
                pipeline = form.steps.map { _ in nil }
                first = form.steps.map { _ in 0 }
                last = form.steps.map { _ in form.steps.count - 1 }
                merged = Array(form.steps.indices)
                return
            }
            name = scope.stepName
            pipeline = scope.stepPipeline.map { scope.pipelines[$0] }
            first = scope.firstStep
            last = scope.stepPipeline.map { p in scope.stepPipeline.lastIndex(of: p)! }
            merged = scope.merged
        }

        var count: Int { name.count }
    }

    mutating func funnel(_ input: LogicalPlan, _ form: FunnelForm) throws(Diagnostic) -> Step {
        let names = Self.keyNames(form.outputSchema, count: form.keys.count)
        let counted = try funnelCounts(input, form, names: names)
        return Step(
            name: add(funnelRows(form, counted.steps, names: names, counts: counted.name, label: counted.label)),
            ordered: true, orders: counted.keyOrders + [form.steps, nil, nil, nil, nil, nil])
    }

    /// A funnel's counts: one row per group (`__g`, the keys named `names`), `ck` the deals reaching scoped step k.
    struct FunnelCounts {
        var name: String
        var steps: FunnelSteps
        var keyOrders: [[String]?]
        /// Where the reach came from ("history", "current stage").
        var label: String

        /// The deals reaching merged step m (its scoped steps' counts summed).
        func merged(_ m: Int) -> String {
            let parts = (0..<steps.count).filter { steps.merged[$0] == m }.map { "c\($0)" }
            return parts.isEmpty ? "0" : "(" + parts.joined(separator: " + ") + ")"
        }
    }

    /// `group` numbers the groups instead of the keys (SQL over the input's columns; `funnelCounts` then has no
    /// key columns).
    mutating func funnelCounts(_ input: LogicalPlan, _ form: FunnelForm, names: [String], group: String? = nil)
        throws(Diagnostic)
        -> FunnelCounts
    {
        let steps = FunnelSteps(form)
        let scope = form.scope
        var keyOrders: [[String]?] = form.keys.map { _ in nil }
        let reached: String
        let label: String
        func inputPipeline(_ c: SQLExpressionCompiler) throws(Diagnostic) -> [String] {
            guard let field = scope?.inputPipeline else { return [] }
            return ["\(try c.sql(.column(field, .string))) AS __pipeline"]
        }
        switch form.source {
        case .history(let history, let id):
            label = "history"
            let own = scope?.historyPipeline
            if let own, history.plan.schema.fields[own].type != .string {
                throw SQLUnsupported.error("funnel over a history whose pipeline is not text", dialect: dialect)
            }
            // Without the history's own pipeline, a row's pipeline is its deal's: the history is grouped by stage
            // name, and the deal's pipeline picks its steps.
            let byName = scope != nil && own == nil
            let perDeal = try stepsPerDeal(
                history.plan, dealId: history.dealId, stage: history.stage, pipeline: byName ? nil : own,
                entered: form.strict ? history.enteredAt : nil, steps: byName ? FunnelSteps(plain: form) : steps)
            let rows = try groupedRows(
                input, keys: form.keys, names: names, id: id, group: group, extra: inputPipeline)
            keyOrders = rows.keyOrders
            let on = sameId(
                "d.__id", input.schema.fields[id].type, "h.__id", history.plan.schema.fields[history.dealId].type)
            var list = ["d.__g"] + names.map { "d.\(q($0))" }
            for k in 0..<steps.count {
                let m = byName ? steps.merged[k] : k
                let mine = byName ? "d.__pipeline = \(dialect.string(steps.pipeline[k]!))" : nil
                list.append(
                    "\(mine.map { "CASE WHEN \($0) THEN coalesce(h.r\(m), 0) ELSE 0 END" } ?? "coalesce(h.r\(m), 0)") AS r\(k)"
                )
                if form.strict, history.enteredAt != nil {
                    list.append("\(mine.map { "CASE WHEN \($0) THEN h.t\(m) END" } ?? "h.t\(m)") AS t\(k)")
                }
            }
            let joined = add(
                "SELECT \(list.joined(separator: ", ")) FROM \(q(rows.name)) d LEFT JOIN \(q(perDeal)) h ON d.__first = 1 AND \(on)"
            )
            reached = add(
                "SELECT __g, \((names.map { q($0) } + reachedColumns(steps, strict: form.strict, timed: form.strict && history.enteredAt != nil)).joined(separator: ", ")) FROM \(q(joined))"
            )
        case .historyRows(let dealId, let stage, let entered):
            label = "history"
            // Each history row's deal is the first row with its id: its group counts the deal.
            let fields = input.schema.fields
            let rows = try groupedRows(input, keys: form.keys, names: names, id: dealId) {
                (c) throws(Diagnostic) in
                var list = ["\(try c.sql(.column(stage, .string))) AS __stage"]
                list += try inputPipeline(c)
                if form.strict, let entered {
                    list.append("\(try c.sql(.column(entered, fields[entered].type))) AS __at")
                }
                return list
            }
            keyOrders = rows.keyOrders
            var list = ["max(CASE WHEN __first = 1 THEN __g END) AS __g"]
            list += names.map { "max(CASE WHEN __first = 1 THEN \(q($0)) END) AS \(q($0))" }
            list += stepColumns(
                steps, stage: "__stage", pipeline: scope == nil ? nil : "__pipeline",
                at: form.strict && entered != nil ? "__at" : nil)
            let perDeal = add(
                "SELECT \(list.joined(separator: ", ")) FROM \(q(rows.name)) WHERE __id IS NOT NULL GROUP BY __id")
            reached = add(
                "SELECT __g, \((names.map { q($0) } + reachedColumns(steps, strict: form.strict, timed: form.strict && entered != nil)).joined(separator: ", ")) FROM \(q(perDeal))"
            )
        case .current(let stage, let outcome):
            label = "current stage"
            let dialect = dialect
            let rows = try groupedRows(input, keys: form.keys, names: names, id: nil, group: group) {
                (c) throws(Diagnostic) in
                let x = try c.sql(.column(stage, .string))
                let pipeline = try scope?.inputPipeline.map { (i) throws(Diagnostic) in try c.sql(.column(i, .string)) }
                var step = "CASE"
                for k in 0..<steps.count {
                    var when = "\(x) = \(dialect.string(steps.name[k]))"
                    if let pipeline { when += " AND \(pipeline) = \(dialect.string(steps.pipeline[k]!))" }
                    step += " WHEN \(when) THEN \(k)"
                }
                // A lost deal counts at its pipeline's first step.
                let lost = "\(try c.sql(outcome)) = 'lost'"
                if let pipeline, let scope {
                    for (p, name) in scope.pipelines.enumerated() {
                        guard let first = scope.stepPipeline.firstIndex(of: p) else { continue }
                        step += " WHEN \(lost) AND \(pipeline) = \(dialect.string(name)) THEN \(first)"
                    }
                } else {
                    step += " WHEN \(lost) THEN 0"
                }
                return [step + " END AS __k"]
            }
            keyOrders = rows.keyOrders
            var list = ["__g"] + names.map { q($0) }
            for k in 0..<steps.count { list.append("\(flag("__k >= \(k) AND __k <= \(steps.last[k])")) AS o\(k)") }
            reached = add("SELECT \(list.joined(separator: ", ")) FROM \(q(rows.name))")
        }
        // Per group, the deals reaching each step.
        var sums = (0..<steps.count).map { "coalesce(sum(o\($0)), 0) AS c\($0)" }
        let keys = names.map { q($0) }
        let grouped = !names.isEmpty || group != nil
        sums.insert(contentsOf: grouped ? ["__g"] + keys : ["1 AS __g"], at: 0)
        let by = grouped ? " GROUP BY " + (["__g"] + keys).joined(separator: ", ") : ""
        let counts = add("SELECT \(sums.joined(separator: ", ")) FROM \(q(reached))\(by)")
        return FunnelCounts(name: counts, steps: steps, keyOrders: keyOrders, label: label)
    }

    /// The output: per group (in key order) a row per step shown, with its share of the step before and of the
    /// first, and the deals lost since the step before.
    private func funnelRows(_ form: FunnelForm, _ steps: FunnelSteps, names: [String], counts: String, label: String)
        -> String
    {
        let fields = form.outputSchema.fields
        let k0 = names.count
        // The rows: (label, count, previous count, first count, order, condition on the group).
        var shown: [(name: String, here: String, previous: String?, top: String, at: Int, when: String?)] = []
        if let scope = form.scope, scope.byPipeline, let field = scope.inputPipeline,
            let key = form.keys.firstIndex(where: { if case .column(field, _) = $0.expr { true } else { false } })
        {
            for k in 0..<steps.count {
                let first = steps.first[k]
                shown.append(
                    (
                        steps.name[k], "c\(k)", k == first ? nil : "c\(k - 1)", "c\(first)", k + 1,
                        "\(q(names[key])) = \(dialect.string(steps.pipeline[k]!))"
                    ))
            }
        } else {
            let counted = FunnelCounts(name: counts, steps: steps, keyOrders: [], label: label)
            for (m, name) in form.steps.enumerated() { shown.append((name, counted.merged(m), nil, "", m + 1, nil)) }
            for i in shown.indices {
                shown[i].previous = i == 0 ? nil : shown[i - 1].here
                shown[i].top = shown[0].here
            }
        }
        let width = max(steps.count, form.steps.count)
        var selects: [String] = []
        for row in shown {
            var list = names.map { q($0) }
            list.append("\(dialect.string(row.name)) AS \(q(fields[k0].name))")
            list.append("\(row.here) AS \(q(fields[k0 + 1].name))")
            list.append(
                (row.previous.map { dialect.divide(row.here, $0) } ?? dialect.literal(.null, .double))
                    + " AS \(q(fields[k0 + 2].name))")
            list.append("\(dialect.divide(row.here, row.top)) AS \(q(fields[k0 + 3].name))")
            list.append(
                (row.previous.map { "(\($0) - \(row.here))" } ?? dialect.literal(.null, .int))
                    + " AS \(q(fields[k0 + 4].name))")
            list.append("\(dialect.string(label)) AS \(q(fields[k0 + 5].name))")
            list.append("((__g - 1) * \(width) + \(row.at)) AS \(Self.order)")
            selects.append(
                "SELECT \(list.joined(separator: ", ")) FROM \(q(counts))" + (row.when.map { " WHERE \($0)" } ?? ""))
        }
        return selects.joined(separator: " UNION ALL ")
    }

    /// Per step k, `max(…) AS rk` (1 when a row of the group is at step k) and, given entered_at, `min(…) AS tk`
    /// (its first entry there).
    private func stepColumns(_ steps: FunnelSteps, stage: String, pipeline: String?, at: String?) -> [String] {
        var list: [String] = []
        for k in 0..<steps.count {
            var here = "\(stage) = \(dialect.string(steps.name[k]))"
            if let pipeline, let name = steps.pipeline[k] { here += " AND \(pipeline) = \(dialect.string(name))" }
            list.append("max(\(flag(here))) AS r\(k)")
            if let at { list.append("min(CASE WHEN \(here) THEN \(at) END) AS t\(k)") }
        }
        return list
    }

    /// `ok` per step from a deal's `rk` (and `tk`): not strict, it has a row at step k. Strict: its first step is
    /// in k's pipeline, it has rows at every step from that pipeline's first to k, and each first entered_at
    /// (where known) is no earlier than the last known one before it.
    private func reachedColumns(_ steps: FunnelSteps, strict: Bool, timed: Bool) -> [String] {
        (0..<steps.count).map { k in
            guard strict else { return "r\(k) AS o\(k)" }
            let first = steps.first[k]
            var tests = (0..<first).map { "r\($0) = 0" }
            for j in first...k {
                var test = "r\(j) = 1"
                if timed, j > first {
                    let before = (first..<j).reversed().map { "t\($0)" }
                    let last = before.count == 1 ? before[0] : "coalesce(\(before.joined(separator: ", ")))"
                    test += " AND (t\(j) IS NULL OR \(last) IS NULL OR t\(j) >= \(last))"
                }
                tests.append("(\(test))")
            }
            return "\(flag(tests.joined(separator: " AND "))) AS o\(k)"
        }
    }

    /// The history rows of `plan` grouped by deal id: one row per deal, `__id`, `rk` (1 when it has a row at step
    /// k: the stage, and the pipeline when given) and, given entered_at, `tk` (its first entry there).
    mutating func stepsPerDeal(
        _ plan: LogicalPlan, dealId: Int, stage: Int, pipeline: Int?, entered: Int?, steps: FunnelSteps
    ) throws(Diagnostic) -> String {
        let side = try sideRows(plan, ordered: false)
        let id = try side.column(dealId)
        var list = ["\(id) AS __id"]
        list += stepColumns(
            steps, stage: try side.column(stage), pipeline: try side.column(pipeline), at: try side.column(entered))
        return add(
            "SELECT \(list.joined(separator: ", ")) FROM \(q(side.step.name)) WHERE \(id) IS NOT NULL GROUP BY \(id)")
    }
}

extension SQLCompiler.FunnelSteps {
    /// The merged steps as one pipeline (a scoped funnel's history grouped by stage name alone).
    init(plain form: FunnelForm) {
        name = form.steps
        pipeline = form.steps.map { _ in nil }
        first = form.steps.map { _ in 0 }
        last = form.steps.map { _ in form.steps.count - 1 }
        merged = Array(form.steps.indices)
    }
}

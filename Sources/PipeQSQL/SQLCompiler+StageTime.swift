import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQStorage

/// `stagetime [by …]`, as `StageTimePlan` measures it: for each group and each open stage (the stage column's
/// open stages, in its order), the stays there: how many, of how many deals, their mean, median and 90th
/// percentile in days. A stay runs from entered_at to exited_at, or to now while open; rows without a deal id,
/// a stage or an entered_at are no stay. Every group gets a row for every stage, 0 stays where it has none.
///
/// Stays are history rows, not deals: their statistics need every stay, so the history is not folded per deal
/// first; each history row only takes its deal's group (the first input row with its id).
extension SQLCompiler {
    mutating func stageTime(_ input: LogicalPlan, _ form: StageTimeForm) throws(Diagnostic) -> Step {
        let names = Self.keyNames(form.outputSchema, count: form.keys.count)
        let stagePlan: LogicalPlan
        let stageField: Int
        switch form.source {
        case .deals(let history, _): (stagePlan, stageField) = (history.plan, history.stage)
        case .history(_, let stage, _, _): (stagePlan, stageField) = (input, stage)
        }
        guard let dictionary = dictionary(of: stagePlan, field: stageField) else {
            throw SQLUnsupported.error("stagetime over a computed stage column", dialect: dialect)
        }
        let labels = StageTimeForm.labels(dictionary, stages: stages)
        let known = labels.isEmpty ? "1 = 0" : "IN (" + labels.map { dialect.string($0) }.joined(separator: ", ") + ")"
        let now = form.nowMicros
        // Each stay: its group, stage, deal and length in days.
        let rows: (name: String, keyOrders: [[String]?])
        let stays: String
        switch form.source {
        case .deals(let history, let id):
            rows = try groupedRows(input, keys: form.keys, names: names, id: id)
            let h = try historyStays(history, joinedTo: rows.name, input: input, id: id, now: now)
            stays = add(
                "SELECT d.__g, \(h.stage) AS __stage, \(h.deal) AS __deal, \(h.length) AS __len \(h.from) "
                    + "WHERE \(h.stage) \(known) AND \(h.entered) IS NOT NULL")
        case .history(let dealId, let stage, let entered, let exited):
            let fields = input.schema.fields
            func column(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
            rows = try groupedRows(input, keys: form.keys, names: names, id: nil) { (c) throws(Diagnostic) in
                [
                    "\(try c.sql(column(stage))) AS __stage", "\(try c.sql(column(dealId))) AS __deal",
                    "\(try c.sql(Self.stay(entered: column(entered), exited: exited.map(column), now: now))) AS __len",
                    "\(try c.sql(column(entered))) AS __entered",
                ]
            }
            stays = add(
                "SELECT __g, __stage, __deal, __len FROM \(q(rows.name)) "
                    + "WHERE __deal IS NOT NULL AND __stage \(known) AND __entered IS NOT NULL")
        }
        // The statistics per group and stage, by the compiler's own grouping (percentiles in every dialect).
        let table = table(
            standingFor: stays, fields: [("__g", .int), ("__stage", .string), ("__deal", .int), ("__len", .duration)])
        let scan = LogicalPlan.scan(TableScan(table: table))
        let length = BoundExpr.column(3, .duration)
        let statistics = try aggregate(
            scan,
            [
                NamedBoundExpr(name: "__g", expr: .column(0, .int)),
                NamedBoundExpr(name: "__stage", expr: .column(1, .string)),
            ],
            [
                BoundAggregate(name: "__stays", function: .count, argument: nil, resultType: .int),
                BoundAggregate(
                    name: "__deals", function: .count, distinct: true, argument: .column(2, .int), resultType: .int),
                BoundAggregate(name: "__avg", function: .avg, argument: length, resultType: .duration),
                BoundAggregate(name: "__median", function: .median, argument: length, resultType: .duration),
                BoundAggregate(name: "__p90", function: .percentile(90), argument: length, resultType: .duration),
            ])
        // Every group, with every stage.
        let groups =
            names.isEmpty
            ? add("SELECT 1 AS __g")
            : add("SELECT DISTINCT __g, \(names.map { q($0) }.joined(separator: ", ")) FROM \(q(rows.name))")
        let fields = form.outputSchema.fields
        let k0 = names.count
        var selects: [String] = []
        for (k, label) in (labels.isEmpty ? [""] : labels).enumerated() {
            var list = names.map { "g.\(q($0))" }
            list.append("\(dialect.string(label)) AS \(q(fields[k0].name))")
            list.append("coalesce(s.__stays, 0) AS \(q(fields[k0 + 1].name))")
            list.append("coalesce(s.__deals, 0) AS \(q(fields[k0 + 2].name))")
            list.append("s.__avg AS \(q(fields[k0 + 3].name))")
            list.append("s.__median AS \(q(fields[k0 + 4].name))")
            list.append("s.__p90 AS \(q(fields[k0 + 5].name))")
            list.append("((g.__g - 1) * \(max(labels.count, 1)) + \(k + 1)) AS \(Self.order)")
            var select =
                "SELECT \(list.joined(separator: ", ")) FROM \(q(groups)) g LEFT JOIN \(q(statistics.name)) s "
                + "ON s.__g = g.__g AND s.__stage = \(dialect.string(label))"
            if labels.isEmpty { select += " WHERE 1 = 0" }
            selects.append(select)
        }
        return Step(
            name: add(selects.joined(separator: " UNION ALL ")), ordered: true,
            orders: rows.keyOrders + [labels, nil, nil, nil, nil, nil])
    }

    /// The history rows of grouped deals (`rows`: `__g`, `__id`, `__first`, from `groupedRows`; each deal's first
    /// input row takes its history): the `FROM history h JOIN rows d` clause, and the SQL of each stay's stage, deal,
    /// entry time and length in days (open stays run to `now`).
    mutating func historyStays(
        _ history: HistoryRead, joinedTo rows: String, input: LogicalPlan, id: Int, now: Int64
    ) throws(Diagnostic) -> (from: String, stage: String, deal: String, entered: String, length: String) {
        let plan = history.plan
        let below = try relation(plan, ordered: false)
        let fields = plan.schema.fields
        let h = expressions(over: plan, below, columns: fields.map { "h.\(q($0.name))" })
        func column(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
        let deal = try h.sql(column(history.dealId))
        let on = sameId("d.__id", input.schema.fields[id].type, deal, fields[history.dealId].type)
        return (
            "FROM \(q(below.name)) h JOIN \(q(rows)) d ON d.__first = 1 AND \(on)", try h.sql(column(history.stage)),
            deal, try h.sql(column(history.enteredAt!)),
            try h.sql(Self.stay(entered: column(history.enteredAt!), exited: history.exitedAt.map(column), now: now))
        )
    }

    /// A stay's length in days: from `entered` to `exited`, or to `now` while it has none (or there is no exit).
    static func stay(entered: BoundExpr, exited: BoundExpr?, now: Int64) -> BoundExpr {
        let end = BoundExpr.constant(.timestamp(now), .timestamp)
        return days(from: entered, to: exited.map { .call(.coalesce, [timestamp($0), end], .timestamp) } ?? end)
    }

    /// The days from one date or datetime to another, as a duration.
    static func days(from start: BoundExpr, to end: BoundExpr) -> BoundExpr {
        .arithmetic(.subtract, timestamp(end), timestamp(start), result: .duration)
    }

    private static func timestamp(_ e: BoundExpr) -> BoundExpr { e.type == .timestamp ? e : .cast(e, .timestamp) }
}

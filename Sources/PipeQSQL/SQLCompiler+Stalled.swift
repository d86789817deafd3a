import PipeQCore
import PipeQEngine
import PipeQStorage

/// `stalled`, as `StalledPlan` picks them: open deals whose age in their stage (from stage_entered to the as-of
/// day) passes the stage's limit, its `rotting_days`, else twice the median completed stay in that stage over the
/// whole history; most overdue first, then the largest value, then the input's order.
extension SQLCompiler {
    /// Each stage's limit in days, as `StalledPlan.thresholds` sets it: its `rotting_days`, else twice the median
    /// completed stay in that stage over the history's rows (`medians`, a grouping by stage to join on `__stage`).
    struct StageLimits {
        var medians: String?
        /// The stages with `rotting_days` (each name's first definition), and those days.
        var rotting: [(name: String, days: Int)]

        /// The limit of the stage `stage` (SQL), over a join of `medians` as `m`; null for none.
        func limit(_ stage: String, _ dialect: SQLDialect) -> String {
            let otherwise = medians == nil ? dialect.literal(.null, .double) : "2 * m.__median"
            guard !rotting.isEmpty else { return otherwise }
            var out = "CASE \(stage)"
            for (name, days) in rotting {
                out += " WHEN \(dialect.string(name)) THEN \(dialect.literal(.double(Double(days)), .double))"
            }
            return out + " ELSE \(otherwise) END"
        }

        /// Which rule gave the stage its limit.
        func rule(_ stage: String, _ dialect: SQLDialect) -> String {
            guard !rotting.isEmpty else { return "'2 × median stay'" }
            let names = rotting.map { dialect.string($0.name) }.joined(separator: ", ")
            return "CASE WHEN \(stage) IN (\(names)) THEN 'rotting_days' ELSE '2 × median stay' END"
        }

        /// `LEFT JOIN` of the medians on the stage, when there are any.
        func join(_ stage: String, _ q: (String) -> String) -> String {
            medians.map { " LEFT JOIN \(q($0)) m ON m.__stage = \(stage)" } ?? ""
        }
    }

    mutating func stageLimits(_ history: HistoryRead?) throws(Diagnostic) -> StageLimits {
        var rotting: [(String, Int)] = []
        var seen: Set<String> = []
        for definition in stages.stages where seen.insert(definition.name).inserted {
            if let days = definition.rottingDays { rotting.append((definition.name, days)) }
        }
        guard let history, let exited = history.exitedAt, let entered = history.enteredAt else {
            return StageLimits(medians: nil, rotting: rotting)
        }
        let plan = history.plan
        let below = try relation(plan, ordered: false)
        let fields = plan.schema.fields
        let h = expressions(over: plan, below)
        func column(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
        let stage = try h.sql(column(history.stage))
        let start = try h.sql(column(entered))
        let end = try h.sql(column(exited))
        let length = try h.sql(Self.days(from: column(entered), to: column(exited)))
        let stays = add(
            "SELECT \(stage) AS __stage, \(length) AS __len FROM \(q(below.name)) "
                + "WHERE \(stage) IS NOT NULL AND \(start) IS NOT NULL AND \(end) IS NOT NULL")
        let table = table(standingFor: stays, fields: [("__stage", .string), ("__len", .duration)])
        let medians = try aggregate(
            .scan(TableScan(table: table)), [NamedBoundExpr(name: "__stage", expr: .column(0, .string))],
            [
                BoundAggregate(
                    name: "__median", function: .median, argument: .column(1, .duration), resultType: .duration)
            ])
        return StageLimits(medians: medians.name, rotting: rotting)
    }

    mutating func stalled(_ input: LogicalPlan, _ form: StalledForm) throws(Diagnostic) -> Step {
        let limits = try stageLimits(form.history)
        let below = try relation(input)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below, columns: fields.map { "d.\(q($0.name))" })
        func column(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
        let stage = try compiler.sql(column(form.stage))
        let entered = try compiler.sql(column(form.stageEntered))
        let age = try compiler.sql(Self.age(column(form.stageEntered), asOfDay: form.asOfDay))
        let limit = limits.limit(stage, dialect)
        let rule = limits.rule(stage, dialect)
        var list = fields.map { "d.\(q($0.name))" }
        list += ["\(age) AS __age", "\(limit) AS __limit", "\(rule) AS __rule"]
        if below.ordered { list.append("d.\(Self.order)") }
        let join = limits.join(stage, q)
        let open = "\(try compiler.sql(form.outcome)) = 'open' AND \(stage) IS NOT NULL AND \(entered) IS NOT NULL"
        let measured = add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name)) d\(join) WHERE \(open)")
        // Worst first: most overdue, then the largest value (a deal without one last), then the input's order.
        var order = ["(__age - __limit) DESC"]
        if let value = form.value {
            let x = q(fields[value].name)
            order += ["CASE WHEN \(x) IS NULL THEN 1 ELSE 0 END", "\(x) DESC"]
        }
        if below.ordered { order.append(Self.order) }
        let names = form.outputSchema.fields.map { q($0.name) }
        var out = fields.map { q($0.name) }
        out += [
            "__age AS \(names[fields.count])", "__limit AS \(names[fields.count + 1])",
            "(__age - __limit) AS \(names[fields.count + 2])", "__rule AS \(names[fields.count + 3])",
            "ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(Self.order)",
        ]
        return Step(
            name: add(
                "SELECT \(out.joined(separator: ", ")) FROM \(q(measured)) WHERE __limit IS NOT NULL AND __age > __limit"
            ),
            ordered: true, orders: below.orders + [nil, nil, nil, nil])
    }

    /// Days from a date or datetime to the start of the as-of day.
    static func age(_ since: BoundExpr, asOfDay: Int32) -> BoundExpr {
        days(from: since, to: .constant(.timestamp(Int64(asOfDay) * CivilTime.microsPerDay), .timestamp))
    }
}

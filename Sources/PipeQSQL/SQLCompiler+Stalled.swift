import PipeQCore
import PipeQEngine
import PipeQStorage

/// `stalled`, as `StalledPlan` picks them: open deals whose age in their stage (from stage_entered to the as-of
/// day) passes the stage's limit, its `rotting_days`, else twice the median completed stay in that stage over the
/// whole history; most overdue first, then the largest value, then the input's order.
extension SQLCompiler {
    mutating func stalled(_ input: LogicalPlan, _ form: StalledForm) throws(Diagnostic) -> Step {
        // The median completed stay per stage, from the history's rows.
        var medians: String?
        if let history = form.history, let exited = history.exitedAt, let entered = history.enteredAt {
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
            medians =
                try aggregate(
                    .scan(TableScan(table: table)), [NamedBoundExpr(name: "__stage", expr: .column(0, .string))],
                    [
                        BoundAggregate(
                            name: "__median", function: .median, argument: .column(1, .duration),
                            resultType: .duration)
                    ]
                ).name
        }
        let below = try relation(input)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below, columns: fields.map { "d.\(q($0.name))" })
        func column(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
        let stage = try compiler.sql(column(form.stage))
        let entered = try compiler.sql(column(form.stageEntered))
        let asOf = BoundExpr.constant(.timestamp(Int64(form.asOfDay) * CivilTime.microsPerDay), .timestamp)
        let age = try compiler.sql(Self.days(from: column(form.stageEntered), to: asOf))
        var limit = "CASE \(stage)"
        var rotting: [String] = []
        var seen: Set<String> = []
        for definition in stages.stages where seen.insert(definition.name).inserted {
            guard let days = definition.rottingDays else { continue }
            limit += " WHEN \(dialect.string(definition.name)) THEN \(dialect.literal(.double(Double(days)), .double))"
            rotting.append(dialect.string(definition.name))
        }
        let otherwise = medians == nil ? dialect.literal(.null, .double) : "2 * m.__median"
        limit = rotting.isEmpty ? otherwise : limit + " ELSE \(otherwise) END"
        let rule =
            rotting.isEmpty
            ? "'2 × median stay'"
            : "CASE WHEN \(stage) IN (\(rotting.joined(separator: ", "))) THEN 'rotting_days' ELSE '2 × median stay' END"
        var list = fields.map { "d.\(q($0.name))" }
        list += ["\(age) AS __age", "\(limit) AS __limit", "\(rule) AS __rule"]
        if below.ordered { list.append("d.\(Self.order)") }
        let join = medians.map { " LEFT JOIN \(q($0)) m ON m.__stage = \(stage)" } ?? ""
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
}

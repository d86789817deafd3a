import PipeQCore
import PipeQEngine
import PipeQStorage

/// `slipped`, as `SlippedPlan` counts it: the input deals with the number of times each deal's close date moved
/// later among its terms' rows changed by the end of the query's day (rows without a close date skipped, in the
/// order they changed, ties in row order; `DealTerms.pushes`). The rows are counted per deal before they meet
/// the deals, which the first deal with an id takes (null for a deal without a recorded close date).
extension SQLCompiler {
    mutating func slipped(_ input: LogicalPlan, _ form: SlippedForm) throws(Diagnostic) -> Step {
        let below = try relation(input)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below, columns: fields.map { "d.\(q($0.name))" })
        let id = try compiler.sql(.column(form.id, fields[form.id].type))
        let within = below.ordered ? " ORDER BY d.\(Self.order)" : ""
        let rows = add(
            "SELECT d.*, ROW_NUMBER() OVER (PARTITION BY \(id)\(within)) AS __first FROM \(q(below.name)) d")
        let pushes = try pushesPerDeal(form.terms, upTo: form.asOfDay)
        let on = sameId(
            id, fields[form.id].type, "h.__id", form.terms.plan.schema.fields[form.terms.dealId].type)
        var joined = below
        joined.name = add(
            "SELECT d.*, h.__pushes AS __slipped FROM \(q(rows)) d LEFT JOIN \(q(pushes)) h ON d.__first = 1 AND \(on)"
        )
        let field = form.outputSchema.fields[fields.count]
        return adding([NewColumn(field: field, sql: "__slipped", order: nil)], to: joined, input)
    }

    /// Per deal id (`__id`), how many of its rows recorded a later close date than its row before (`__pushes`).
    private mutating func pushesPerDeal(_ terms: TermsRead, upTo: Int32) throws(Diagnostic) -> String {
        let side = try sideRows(terms.plan, ordered: true)
        let id = try side.column(terms.dealId)
        let at = try side.column(terms.changedAt)
        let close = try side.column(terms.closeDate!)
        let day = try temporal(close, from: side.type(terms.closeDate!), to: .date)
        var list = ["\(id) AS __id", "\(day) AS __close", "\(at) AS __at"]
        if side.step.ordered { list.append(Self.order) }
        let changed = "\(at) IS NOT NULL AND \(at) < \(cutoff(upTo, side.type(terms.changedAt)))"
        let rows = add(
            "SELECT \(list.joined(separator: ", ")) FROM \(q(side.step.name)) "
                + "WHERE \(id) IS NOT NULL AND \(close) IS NOT NULL AND \(changed)")
        let order = side.step.ordered ? "__at, \(Self.order)" : "__at"
        let moves = add(
            "SELECT __id, \(flag("__close > LAG(__close) OVER (PARTITION BY __id ORDER BY \(order))")) AS __push "
                + "FROM \(q(rows))")
        return add("SELECT __id, sum(__push) AS __pushes FROM \(q(moves)) GROUP BY __id")
    }
}

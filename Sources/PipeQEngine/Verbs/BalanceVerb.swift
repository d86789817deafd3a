import PipeQCore
import PipeQStorage

/// `balance [summary] [by week|month|quarter|year]`: how evenly new deals arrive — new deals per created period,
/// every period from the first to the last (0 for an empty one), each against the mean over all periods; or, with
/// `summary`, periods, new_deals, min, avg, max and cv (sample standard deviation ÷ mean, null under 2 periods).
/// Lowered to core nodes: an aggregate by period, a fill of the periods, then a window and a projection (per period)
/// or an aggregate and a projection (summary).
enum BalanceVerb {
    static let binder = VerbBinder(
        word: "balance", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Filter created is not null`, `Aggregate new_deals = count by week = week(created)`,
    /// `Fill week over every week from the first to the last`, then either
    /// `Window total = total(new_deals), periods = total(1)` and
    /// `Project week, new_deals, vs_avg = new_deals / (total / periods)`, or
    /// `Aggregate periods = count, new_deals = sum new_deals, min …, avg …, max …, stddev = stddev new_deals` and
    /// `Project …, new_deals = coalesce(new_deals, 0), …, cv = stddev / avg`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let summary = try VerbSupport.options(input).contains("summary")
        let unit = try PeriodUnit.parse(input, default: .week)
        let createdIndex = try VerbSupport.require(
            .created, input, for: "when each deal was created", types: [.date, .timestamp])
        let created = BoundExpr.column(createdIndex, input.schema.fields[createdIndex].type)
        let period = NamedBoundExpr(
            name: unit.rawValue, expr: .call(unit.function, [created], .date), info: ColumnInfo(name: unit.rawValue))
        let counted = LogicalPlan.aggregate(
            .filter(plan, .isNull(created, negated: true)), keys: [period],
            aggregates: [VerbLowering.aggregate(.count, nil, where: nil, "new_deals", .int)])
        let filled = LogicalPlan.fill(counted, FillNode(keys: [], bucket: 0, domain: .periods(unit)))
        let deals = BoundExpr.column(1, .int)
        func number(_ e: BoundExpr) -> BoundExpr { .cast(e, .double) }
        func named(_ name: String, _ e: BoundExpr) -> NamedBoundExpr {
            NamedBoundExpr(name: name, expr: e, info: ColumnInfo(name: name))
        }
        if !summary {
            let totals = LogicalPlan.window(
                filled,
                [
                    WindowItem(name: "total", function: .total, argument: deals, type: .int),
                    WindowItem(name: "periods", function: .total, argument: .constant(.int(1), .int), type: .int),
                ], partition: [])
            // as `balance` always divided: count ÷ (total ÷ periods)
            let mean = BoundExpr.arithmetic(
                .divide, number(.column(2, .int)), number(.column(3, .int)), result: .double)
            return .project(
                totals,
                VerbLowering.keyColumns(totals, 2) + [
                    named("vs_avg", .arithmetic(.divide, number(deals), mean, result: .double))
                ])
        }
        let stats = LogicalPlan.aggregate(
            filled, keys: [],
            aggregates: [
                VerbLowering.aggregate(.count, nil, where: nil, "periods", .int),
                VerbLowering.aggregate(.sum, deals, where: nil, "new_deals", .int),
                VerbLowering.aggregate(.min, deals, where: nil, "min", .int),
                VerbLowering.aggregate(.avg, deals, where: nil, "avg", .double),
                VerbLowering.aggregate(.max, deals, where: nil, "max", .int),
                VerbLowering.aggregate(.stddev, deals, where: nil, "stddev", .double),
            ])
        var columns = VerbLowering.keyColumns(stats, 5)
        columns[1] = named("new_deals", .call(.coalesce, [.column(1, .int), .constant(.int(0), .int)], .int))
        columns.append(
            named("cv", .arithmetic(.divide, .column(5, .double), .column(3, .double), result: .double)))
        return .project(stats, columns)
    }
}

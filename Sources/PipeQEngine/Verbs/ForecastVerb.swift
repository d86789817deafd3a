import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `forecast [by week|month|quarter|year]`: open pipeline and weighted pipeline by expected close period, every
/// period from the first to the last (0 deals for an empty one), then the deals with no close date under a null
/// period. Lowered to core nodes: the deal's win probability as an expression (its own, read as a percentage when
/// any deal's is over 1 — a window total over every deal — else its stage's), a filter on open deals, an
/// aggregate by period and a fill of the periods.
enum ForecastVerb {
    static let binder = VerbBinder(
        word: "forecast", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `[Window over_1 = total(if(probability > 1, 1, 0))]`, `Filter outcome(status) = "open"`,
    /// `Aggregate deals = count, pipeline = sum VALUE, weighted = sum VALUE * P by month = month(close_date)`,
    /// `Fill month over every month from the first to the last`, where P is
    /// `coalesce(if(over_1 > 0, probability / 100, probability), case when stage = "…" then … end)`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        if input.keys.contains(where: ForecastCategoryVerb.isCategoryKey) {
            return try ForecastCategoryVerb.lower(input, plan)
        }
        for case .word(let word, let span) in input.arguments where word.lowercased() == QuotaPeriod.word {
            throw Diagnostic(
                .bind, "forecast takes \"for PERIOD\" only by category", span: span,
                hint:
                    "e.g. \"forecast by category for 2026-Q4\"; the weighted forecast lists every period: \"forecast by quarter\""
            )
        }
        _ = try VerbSupport.options(input)
        let unit = try PeriodUnit.parse(input, default: .month)
        let open = VerbLowering.outcome(try VerbSupport.outcome(input), is: "open")
        let value = try VerbLowering.value(input)
        let closeIndex = try VerbSupport.require(
            .closeDate, input, for: "each deal's expected close date", types: [.date, .timestamp])
        var plan = plan
        let probability = try VerbLowering.probability(input, &plan)
        let fields = input.schema.fields
        let close = BoundExpr.column(closeIndex, fields[closeIndex].type)
        let period = NamedBoundExpr(
            name: unit.rawValue, expr: .call(unit.function, [close], .date), info: ColumnInfo(name: unit.rawValue))
        let grouped = LogicalPlan.aggregate(
            .filter(plan, open), keys: [period],
            aggregates: [
                VerbLowering.aggregate(.count, nil, where: nil, "deals", .int),
                VerbLowering.aggregate(.sum, value, where: nil, "pipeline", .double),
                VerbLowering.aggregate(
                    .sum, .arithmetic(.multiply, value, probability, result: .double), where: nil, "weighted", .double),
            ])
        return .fill(grouped, FillNode(keys: [], bucket: 0, domain: .periods(unit)))
    }
}

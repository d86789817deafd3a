import PipeQCore
import PipeQStorage

/// `leads | conversion [by KEY, …]`: leads, how many became deals, the rate, and the median days from the lead's
/// creation to its first deal. Lowered to core nodes by `LeadLowering`, an aggregate and a projection.
enum ConversionVerb {
    static let binder = VerbBinder(
        word: "conversion", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `LeadLowering`, `Aggregate leads = count, converted = count where deals > 0, days = median
    /// days(converted_at - created) where deals > 0 by KEYS`, then `Project KEYS, leads, converted, rate =
    /// converted / leads, median_days_to_convert`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        let keys = try VerbSupport.bindKeys(input)
        let l = try LeadLowering(input, plan)
        var aggregates = [
            VerbLowering.aggregate(.count, nil, where: nil, "leads", .int),
            VerbLowering.aggregate(.count, nil, where: l.converted, "converted", .int),
        ]
        if let created = input.schema.index(role: .created) {
            let fields = l.plan.schema.fields
            let gap = try ExpressionBinder(schema: l.plan.schema, context: input.context)
                .difference(l.convertedAt, .column(created, fields[created].type), span: input.keywordSpan)
            aggregates.append(
                VerbLowering.aggregate(
                    .median, .call(.days, [gap], .double), where: l.converted, "median_days_to_convert", .double))
        }
        let grouped = VerbLowering.aggregate(l.plan, keys: keys, aggregates)
        let k = keys.count
        let leads = BoundExpr.cast(.column(k, .int), .double)
        let converted = BoundExpr.cast(.column(k + 1, .int), .double)
        let names = grouped.schema.fields.map(\.name)
        var columns =
            VerbLowering.keyColumns(grouped, k) + [
                VerbLowering.named(names[k], .column(k, .int)), VerbLowering.named(names[k + 1], .column(k + 1, .int)),
                VerbLowering.named(
                    UniqueName.make("rate", taken: names), EconomicsPlan.ratio(converted, leads), rate: true),
            ]
        if aggregates.count == 3 { columns.append(VerbLowering.named(names[k + 2], .column(k + 2, .double))) }
        return .project(grouped, columns)
    }
}

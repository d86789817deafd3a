import PipeQCore
import PipeQStorage

/// `coverage [by …] [for PERIOD]`: open pipeline expected to close in the period ÷ what is left of the quota, and the
/// same for the weighted pipeline, with the inputs beside them. Lowered to core nodes by `QuotaLowering` and a
/// projection.
enum CoverageVerb {
    static let binder = VerbBinder(
        word: "coverage", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `QuotaLowering` with won (as attainment), pipeline = sum VALUE where open and close_date in the period,
    /// weighted = sum VALUE * P where the same (P as forecast's), then `Project KEYS, period, quota, won,
    /// remaining = quota - won, pipeline, weighted, coverage = if(remaining > 0, pipeline / remaining, null),
    /// weighted_coverage = if(remaining > 0, weighted / remaining, null), note`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        var weighs = true
        let q = try QuotaLowering(input, plan) { period, plan throws(Diagnostic) in
            let won = try QuotaLowering.won(input, period)
            let open = VerbLowering.outcome(try VerbSupport.outcome(input), is: "open")
            let inPeriod = BoundExpr.and(open, period.contains(try QuotaLowering.closeDate(input)))
            let value = try VerbLowering.value(input)
            let known = VerbLowering.probabilityIfKnown(input, &plan)
            weighs = known != nil
            let probability = known ?? .constant(.null, .double)
            return [
                won,
                VerbLowering.aggregate(.sum, value, where: inPeriod, "pipeline", .double),
                VerbLowering.aggregate(
                    .sum, .arithmetic(.multiply, value, probability, result: .double), where: inPeriod, "weighted",
                    .double),
            ]
        }
        let won = q.measure(0)
        // no probabilities at all: weighted is unknown, not 0
        let weighted = weighs ? q.measure(2) : .constant(.null, .double)
        let quota = q.quota(measures: 3)
        let remaining = BoundExpr.arithmetic(.subtract, quota, won, result: .double)
        let names = VerbLowering.names(
            keys: q.keys,
            [
                ("period", .string), ("quota", .double), ("won", .double), ("remaining", .double),
                ("pipeline", .double), ("weighted", .double), ("coverage", .double), ("weighted_coverage", .double),
                ("note", .string),
            ])
        return .project(
            q.plan,
            VerbLowering.keyColumns(q.plan, q.keyCount) + [
                VerbLowering.text(names[0], q.period.label),
                VerbLowering.named(names[1], quota),
                VerbLowering.named(names[2], won),
                VerbLowering.named(names[3], remaining),
                VerbLowering.named(names[4], q.measure(1)),
                VerbLowering.named(names[5], weighted),
                VerbLowering.named(names[6], QuotaLowering.ratio(q.measure(1), over: remaining)),
                VerbLowering.named(names[7], QuotaLowering.ratio(weighted, over: remaining)),
                VerbLowering.named(names[8], q.note(measures: 3)),
            ])
    }
}

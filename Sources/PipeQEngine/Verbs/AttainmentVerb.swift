import PipeQCore
import PipeQStorage

/// `attainment [by …] [for PERIOD]`: won value closed in the period ÷ the quota for it, with won, quota and gap
/// beside it. Lowered to core nodes by `QuotaLowering` and a projection.
enum AttainmentVerb {
    static let binder = VerbBinder(
        word: "attainment", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `QuotaLowering` with won = sum VALUE where won and close_date in the period, then
    /// `Project KEYS, period = "LABEL", won, quota, attainment = won / quota, gap = quota - won, note`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let q = try QuotaLowering(input, plan) { period, _ throws(Diagnostic) in
            [try QuotaLowering.won(input, period)]
        }
        let won = q.measure(0)
        let quota = q.quota(measures: 1)
        let names = VerbLowering.names(
            keys: q.keys,
            [
                ("period", .string), ("won", .double), ("quota", .double), ("attainment", .double), ("gap", .double),
                ("note", .string),
            ])
        return .project(
            q.plan,
            VerbLowering.keyColumns(q.plan, q.keyCount) + [
                VerbLowering.text(names[0], q.period.label),
                VerbLowering.named(names[1], won),
                VerbLowering.named(names[2], quota),
                VerbLowering.named(names[3], QuotaLowering.ratio(won, over: quota), rate: true),
                VerbLowering.named(names[4], .arithmetic(.subtract, quota, won, result: .double)),
                VerbLowering.named(names[5], q.note(measures: 1)),
            ])
    }
}

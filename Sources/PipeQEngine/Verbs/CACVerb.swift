import PipeQCore
import PipeQStorage

/// `cac [by source|month|quarter|year]`: customer acquisition cost, marketing spend ÷ new customers (won deals) in
/// the same source and period. Lowered to core nodes by `AcquisitionLowering` and a projection.
enum CACVerb {
    static let binder = VerbBinder(word: "cac", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `AcquisitionLowering`, then `Project KEYS, spend, won, cac = if(won > 0, spend / won, null), note`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let a = try AcquisitionLowering(input, plan, try EconomicsKeys.parse(input))
        return .project(
            a.plan,
            VerbLowering.keyColumns(a.plan, a.keyCount) + [
                VerbLowering.named("spend", a.spend), VerbLowering.named("won", a.won),
                VerbLowering.named("cac", a.cac), VerbLowering.named("note", a.note),
            ])
    }
}

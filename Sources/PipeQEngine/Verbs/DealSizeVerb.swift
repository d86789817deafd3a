import PipeQCore
import PipeQStorage

/// `dealsize [by …]`: the value of won deals; one aggregate node.
enum DealSizeVerb {
    static let binder = VerbBinder(word: "dealsize", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Aggregate avg_deal_size = avg value where outcome(status) = "won", median_deal_size = median …,
    /// won_value = sum …, won = count value where … by KEYS`, the value read as a number.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input, allowed: [])
        let deals = try VerbLowering.DealColumns(input, value: true, cycle: false)
        let keys = try VerbSupport.bindKeys(input)
        let won = deals.outcomeIs("won")
        return VerbLowering.aggregate(plan, keys: keys, [
            VerbLowering.aggregate(.avg, deals.value, where: won, "avg_deal_size", .double),
            VerbLowering.aggregate(.median, deals.value, where: won, "median_deal_size", .double),
            VerbLowering.aggregate(.sum, deals.value, where: won, "won_value", .double),
            VerbLowering.aggregate(.count, deals.value, where: won, "won", .int),
        ])
    }
}

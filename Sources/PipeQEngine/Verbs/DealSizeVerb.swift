import PipeQCore
import PipeQStorage

/// `dealsize [by …]`: the value of won deals; one aggregate node.
enum DealSizeVerb {
    static let binder = VerbBinder(
        word: "dealsize", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Aggregate avg_deal_size = avg value where outcome(status) = "won", median_deal_size = median …,
    /// won_value = sum …, won = count value where … by KEYS`, the value read as a number.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        let won = VerbLowering.outcome(try VerbSupport.outcome(input), is: "won")
        let value = try VerbLowering.value(input)
        let keys = try VerbSupport.bindKeys(input)
        return VerbLowering.aggregate(
            plan, keys: keys,
            [
                VerbLowering.aggregate(.avg, value, where: won, "avg_deal_size", .double),
                VerbLowering.aggregate(.median, value, where: won, "median_deal_size", .double),
                VerbLowering.aggregate(.sum, value, where: won, "won_value", .double),
                VerbLowering.aggregate(.count, value, where: won, "won", .int),
            ])
    }
}

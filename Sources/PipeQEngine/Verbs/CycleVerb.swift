import PipeQCore
import PipeQStorage

/// `cycle [by …]`: how long won deals took from created to close_date; one aggregate node.
enum CycleVerb {
    static let binder = VerbBinder(word: "cycle", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Aggregate avg_cycle = avg (close_date - created) where outcome(status) = "won", median_cycle = median …,
    /// won = count (close_date - created) where … by KEYS`: durations, so the days keep their fractions.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        let won = VerbLowering.outcome(try VerbSupport.outcome(input), is: "won")
        let cycle = try VerbLowering.cycle(input)
        let keys = try VerbSupport.bindKeys(input)
        return VerbLowering.aggregate(
            plan, keys: keys,
            [
                VerbLowering.aggregate(.avg, cycle, where: won, "avg_cycle", .duration),
                VerbLowering.aggregate(.median, cycle, where: won, "median_cycle", .duration),
                VerbLowering.aggregate(.count, cycle, where: won, "won", .int),
            ])
    }
}

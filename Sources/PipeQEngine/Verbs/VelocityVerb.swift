import PipeQCore
import PipeQStorage

/// `velocity [by …]`: sales velocity, with its four inputs beside it; an aggregate node and an extend.
enum VelocityVerb {
    static let binder = VerbBinder(
        word: "velocity", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Aggregate open = count where outcome(status) = "open", avg_deal_size = avg value where … = "won",
    /// win_rate = winrate outcome(status), avg_cycle_days = avg days(close_date - created) where … = "won" by KEYS`,
    /// then `Extend velocity_per_day = if(avg_cycle_days > 0, open × avg_deal_size × win_rate ÷ avg_cycle_days, null)`
    /// and `velocity_per_month` the same with × 30 before the ÷ (as the verb always multiplied).
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        let outcome = try VerbSupport.outcome(input)
        let value = try VerbLowering.value(input)
        let cycle = try VerbLowering.cycle(input)
        let keys = try VerbSupport.bindKeys(input)
        let won = VerbLowering.outcome(outcome, is: "won")
        let names = VerbLowering.names(
            keys: keys,
            [
                ("open", .int), ("avg_deal_size", .double), ("win_rate", .double), ("avg_cycle_days", .double),
                ("velocity_per_day", .double), ("velocity_per_month", .double),
            ])
        let measures = VerbLowering.aggregate(
            plan, keys: keys,
            [
                VerbLowering.aggregate(.count, nil, where: VerbLowering.outcome(outcome, is: "open"), names[0], .int),
                VerbLowering.aggregate(.avg, value, where: won, names[1], .double),
                VerbLowering.aggregate(.winrate, outcome, where: nil, names[2], .double),
                VerbLowering.aggregate(.avg, .call(.days, [cycle], .double), where: won, names[3], .double),
            ])
        let k = keys.count
        let open = BoundExpr.cast(.column(k, .int), .double)
        let size = BoundExpr.column(k + 1, .double)
        let rate = BoundExpr.column(k + 2, .double)
        let days = BoundExpr.column(k + 3, .double)
        func times(_ a: BoundExpr, _ b: BoundExpr) -> BoundExpr { .arithmetic(.multiply, a, b, result: .double) }
        let perDay = times(times(open, size), rate)
        let positive = BoundExpr.compare(.greater, days, .constant(.double(0), .double))
        func velocity(_ value: BoundExpr) -> BoundExpr {
            .nullUnless(positive, .arithmetic(.divide, value, days, result: .double))
        }
        return .extend(
            measures,
            [
                NamedBoundExpr(name: names[4], expr: velocity(perDay), info: ColumnInfo(name: names[4])),
                NamedBoundExpr(
                    name: names[5], expr: velocity(times(perDay, .constant(.double(30), .double))),
                    info: ColumnInfo(name: names[5])),
            ])
    }
}

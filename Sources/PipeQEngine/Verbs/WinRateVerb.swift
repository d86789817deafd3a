import PipeQCore
import PipeQStorage

/// `winrate [by …]`: won ÷ (won + lost) among closed deals, with the counts beside it; one aggregate node.
enum WinRateVerb {
    static let binder = VerbBinder(word: "winrate", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Aggregate won = count where outcome(status) = "won", lost = count where outcome(status) = "lost" by KEYS`,
    /// then `Project KEYS, win_rate = won / (won + lost), won, lost, closed = won + lost` (two filtered counts: as
    /// fast as the verb's own loop was, where a winrate aggregate and a third count were slower).
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        let outcome = try VerbSupport.outcome(input)
        let keys = try VerbSupport.bindKeys(input)
        let names = VerbLowering.names(
            keys: keys, [("win_rate", .double), ("won", .int), ("lost", .int), ("closed", .int)])
        let counts = VerbLowering.aggregate(
            plan, keys: keys,
            [
                VerbLowering.aggregate(.count, nil, where: VerbLowering.outcome(outcome, is: "won"), names[1], .int),
                VerbLowering.aggregate(.count, nil, where: VerbLowering.outcome(outcome, is: "lost"), names[2], .int),
            ])
        let won = BoundExpr.column(keys.count, .int)
        let lost = BoundExpr.column(keys.count + 1, .int)
        let closed = BoundExpr.arithmetic(.add, won, lost, result: .int)
        // as the binder binds won / (won + lost)
        let rate = BoundExpr.arithmetic(.divide, won, closed, result: .double)
        return .project(
            counts,
            VerbLowering.keyColumns(counts, keys.count) + [
                NamedBoundExpr(
                    name: names[0], expr: rate,
                    info: {
                        var info = ColumnInfo(name: names[0])
                        info.encoding = .rate
                        return info
                    }()),
                NamedBoundExpr(name: names[1], expr: won, info: ColumnInfo(name: names[1])),
                NamedBoundExpr(name: names[2], expr: lost, info: ColumnInfo(name: names[2])),
                NamedBoundExpr(name: names[3], expr: closed, info: ColumnInfo(name: names[3])),
            ])
    }
}

import PipeQCore
import PipeQStorage

/// `winrate [by …]`: won ÷ (won + lost) among closed deals, with the counts beside it; one aggregate node.
enum WinRateVerb {
    static let binder = VerbBinder(word: "winrate", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `Aggregate win_rate = winrate outcome(status), won = count where outcome(status) = "won", lost = … "lost",
    /// closed = count where outcome(status) in ("won", "lost") by KEYS`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input, allowed: [])
        let outcome = try VerbSupport.outcome(input)
        let keys = try VerbSupport.bindKeys(input)
        let closed = BoundExpr.inList(outcome, [.string("won"), .string("lost")], negated: false)
        return VerbLowering.aggregate(plan, keys: keys, [
            VerbLowering.aggregate(.winrate, outcome, where: nil, "win_rate", .double),
            VerbLowering.aggregate(.count, nil, where: .compare(.equal, outcome, .constant(.string("won"), .string)), "won", .int),
            VerbLowering.aggregate(.count, nil, where: .compare(.equal, outcome, .constant(.string("lost"), .string)), "lost", .int),
            VerbLowering.aggregate(.count, nil, where: closed, "closed", .int),
        ])
    }
}

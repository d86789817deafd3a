import PipeQCore
import PipeQStorage

/// `winrate [by …]`: won ÷ (won + lost) among closed deals, with the counts beside it.
struct WinRatePlan: VerbPlan {
    static let definition = VerbDefinition(
        name: "winrate",
        usage: "winrate [by KEY, …]",
        definition: """
        win_rate = won ÷ (won + lost), counting closed deals only (open deals and deals with no status are left out); \
        null when nothing has closed. won, lost and closed (= won + lost) are the counts it comes from. \
        A deal's outcome is its status column (open/won/lost), else its stage's outcome from the stage definitions. \
        With "by", one row per group, groups in key order. \
        As an aggregate beside others ("winrate, avg cycle by rep"), it gives the same ratio as one column named winrate.
        """,
        bind: { input throws(Diagnostic) in try WinRatePlan(input) })

    let keys: [NamedBoundExpr]
    let outcome: OutcomeSource
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input, allowed: [])
        outcome = try VerbSupport.outcomeSource(input)
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(keys: keys, [("win_rate", .double), ("won", .int), ("lost", .int), ("closed", .int)])
    }

    var explanation: String { "WinRate" + VerbSupport.keyNames(keys) }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        let stats = try DealStats(input, DealStats.Columns(outcome: outcome), groups: groups, medians: false, cancellation: context.cancellation)
        let k = 0..<groups.count
        return VerbSupport.relation(outputSchema, keyFields: groups.keyFields(), columns: [
            VerbSupport.doubleColumn(k.map { stats.winRate($0) }),
            VerbSupport.intColumn(stats.won),
            VerbSupport.intColumn(stats.lost),
            VerbSupport.intColumn(k.map { stats.won[$0] + stats.lost[$0] }),
        ], count: groups.count)
    }
}

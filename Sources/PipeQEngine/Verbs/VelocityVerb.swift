import PipeQCore
import PipeQStorage

/// `velocity [by …]`: sales velocity, with its four inputs beside it.
struct VelocityPlan: VerbPlan {
    static let definition = VerbDefinition(
        name: "velocity",
        usage: "velocity [by KEY, …]",
        definition: """
        velocity_per_day = open × avg_deal_size × win_rate ÷ avg_cycle_days, and velocity_per_month = 30 × that: \
        the value the open pipeline is expected to close per day (per 30-day month) at past rates. \
        open = open deals; avg_deal_size = mean value of won deals; win_rate = won ÷ (won + lost); \
        avg_cycle_days = mean (close_date − created) of won deals, in days (as "dealsize", "winrate" and "cycle" compute them). \
        Null when an input is null or the cycle is 0. With "by", one row per group, all four inputs from that group.
        """,
        bind: { input throws(Diagnostic) in try VelocityPlan(input) })

    let keys: [NamedBoundExpr]
    let columns: DealStats.Columns
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input, allowed: [])
        columns = try DealStats.Columns.required(input, value: true, cycle: true)
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(keys: keys, [
            ("open", .int), ("avg_deal_size", .double), ("win_rate", .double), ("avg_cycle_days", .double),
            ("velocity_per_day", .double), ("velocity_per_month", .double),
        ])
    }

    var explanation: String { "Velocity (open × avg won value × win rate ÷ avg cycle days)" + VerbSupport.keyNames(keys) }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        let stats = try DealStats(input, columns, groups: groups, medians: false, cancellation: context.cancellation)
        let k = 0..<groups.count
        return VerbSupport.relation(outputSchema, keyFields: groups.keyFields(), columns: [
            VerbSupport.intColumn(stats.open),
            VerbSupport.doubleColumn(k.map { stats.avgWonValue($0) }),
            VerbSupport.doubleColumn(k.map { stats.winRate($0) }),
            VerbSupport.doubleColumn(k.map { stats.avgCycleDays($0) }),
            VerbSupport.doubleColumn(k.map { stats.velocity($0) }),
            VerbSupport.doubleColumn(k.map { stats.velocity($0, perDays: 30) }),
        ], count: groups.count)
    }
}

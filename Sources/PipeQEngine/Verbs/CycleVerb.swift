import PipeQCore
import PipeQStorage

/// `cycle [by …]`: how long won deals took from created to close_date.
struct CyclePlan: VerbPlan {
    static let definition = VerbDefinition(
        name: "cycle",
        usage: "cycle [by KEY, …]",
        definition: """
        Over won deals that have both dates: avg_cycle and median_cycle of (close_date − created), in days \
        (median interpolates between the middle two, like "median"); won = how many deals that is. \
        Open and lost deals are left out; null when there are none. With "by", one row per group.
        """,
        bind: { input throws(Diagnostic) in try CyclePlan(input) })

    let keys: [NamedBoundExpr]
    let columns: DealStats.Columns
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input, allowed: [])
        columns = try DealStats.Columns.required(input, value: false, cycle: true)
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(keys: keys, [("avg_cycle", .duration), ("median_cycle", .duration), ("won", .int)])
    }

    var explanation: String { "Cycle (won deals, close_date − created)" + VerbSupport.keyNames(keys) }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        let stats = try DealStats(input, columns, groups: groups, medians: true, cancellation: context.cancellation)
        return VerbSupport.relation(outputSchema, keyFields: groups.keyFields(), columns: [
            VerbSupport.durationColumn(days: (0..<groups.count).map { stats.avgCycleDays($0) }),
            VerbSupport.durationColumn(days: stats.medianCycle),
            VerbSupport.intColumn(stats.cycleCount),
        ], count: groups.count)
    }
}

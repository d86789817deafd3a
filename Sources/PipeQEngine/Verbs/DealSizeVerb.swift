import PipeQCore
import PipeQStorage

/// `dealsize [by …]`: the value of won deals.
struct DealSizePlan: VerbPlan {
    static let definition = VerbDefinition(
        name: "dealsize",
        usage: "dealsize [by KEY, …]",
        definition: """
        Over won deals that have a value: avg_deal_size = mean value, median_deal_size = median value \
        (interpolated like "median"), won_value = their total, won = how many. Open and lost deals are left out; \
        null when there are none. With "by", one row per group.
        """,
        bind: { input throws(Diagnostic) in try DealSizePlan(input) })

    let keys: [NamedBoundExpr]
    let columns: DealStats.Columns
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input, allowed: [])
        columns = try DealStats.Columns.required(input, value: true, cycle: false)
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(keys: keys, [("avg_deal_size", .double), ("median_deal_size", .double),
                                                       ("won_value", .double), ("won", .int)])
    }

    var explanation: String { "DealSize (won deals' value)" + VerbSupport.keyNames(keys) }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        let stats = try DealStats(input, columns, groups: groups, medians: true, cancellation: context.cancellation)
        let k = 0..<groups.count
        return VerbSupport.relation(outputSchema, keyFields: groups.keyFields(), columns: [
            VerbSupport.doubleColumn(k.map { stats.avgWonValue($0) }),
            VerbSupport.doubleColumn(stats.medianWonValue),
            VerbSupport.doubleColumn(k.map { stats.wonValueCount[$0] == 0 ? .nan : stats.wonValueSum[$0] }),
            VerbSupport.intColumn(stats.wonValueCount),
        ], count: groups.count)
    }
}

import PipeQCore
import PipeQStorage

/// `payback [by source|month|quarter|year]`: the months a new customer's gross margin takes to repay what it cost
/// to acquire: cac ÷ (average monthly revenue per customer × margin). Lowered to core nodes.
enum PaybackVerb {
    static let binder = VerbBinder(word: "payback", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `AcquisitionLowering`, `Join left` the revenue per customer-month (`EconomicsPlan.arpa`, by source when
    /// grouped by source and the revenue table has one, else over all customers), then `Project KEYS, cac, arpa =
    /// revenue / customer_months, margin, payback_months = cac / (arpa * margin), note`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let keys = try EconomicsKeys.parse(input)
        let revenue = try RevenueTable.find(input)
        let a = try AcquisitionLowering(input, plan, keys)
        let bySource = keys.bySource && revenue.source != nil
        let arpa = try EconomicsPlan.arpa(input, revenue, bySource: bySource)
        let left = bySource ? a.plan : EconomicsPlan.withOne(a.plan)
        let leftKey = bySource ? 0 : a.plan.schema.fields.count
        let joined = LogicalPlan.join(
            left,
            JoinNode(
                kind: .left, right: arpa, rightName: revenue.table.name,
                keys: [JoinKeyPair(left: leftKey, right: 0)],
                added: [
                    JoinAddedField(
                        index: 1,
                        field: RelationSchema.FieldInfo(
                            name: "revenue", type: .double, info: ColumnInfo(name: "revenue"))),
                    JoinAddedField(
                        index: 2,
                        field: RelationSchema.FieldInfo(
                            name: "customer_months", type: .int, info: ColumnInfo(name: "customer_months"))),
                ], span: input.span))
        let count = joined.schema.fields.count
        let perCustomer = EconomicsPlan.ratio(.column(count - 2, .double), .cast(.column(count - 1, .int), .double))
        let margin = BoundExpr.constant(.double(EconomicsPlan.margin(input)), .double)
        let monthly = BoundExpr.arithmetic(.multiply, perCustomer, margin, result: .double)
        return .project(
            joined,
            VerbLowering.keyColumns(joined, a.keyCount) + [
                VerbLowering.named("cac", a.cac), VerbLowering.named("arpa", perCustomer),
                VerbLowering.named("margin", margin, rate: true),
                VerbLowering.named("payback_months", EconomicsPlan.ratio(a.cac, monthly)),
                VerbLowering.named("note", a.note),
            ])
    }
}

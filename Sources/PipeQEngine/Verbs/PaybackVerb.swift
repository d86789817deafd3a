import PipeQCore
import PipeQStorage

/// `payback [by source|month|quarter|year]`: the months a new customer's gross margin takes to repay what it cost
/// to acquire: cac ÷ (average monthly revenue per customer × margin). Lowered to core nodes.
enum PaybackVerb {
    static let binder = VerbBinder(word: "payback", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `AcquisitionLowering`, `Join left` the revenue per customer-month (`EconomicsPlan.besideARPA`, by source when
    /// grouped by source and the revenue table has one, by the cohort of customers first billed in the period when
    /// grouped by period, else over all customers), then `Project KEYS, cac, arpa =
    /// revenue / customer_months, margin, payback_months = cac / (arpa * margin), note`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let keys = try EconomicsKeys.parse(input)
        let revenue = try RevenueTable.find(input)
        let a = try AcquisitionLowering(input, plan, keys)
        let bySource = keys.bySource && revenue.source != nil
        let (joined, perCustomer) = try EconomicsPlan.besideARPA(
            a.plan, input, revenue, source: bySource ? 0 : nil,
            period: keys.unit.map { (keys.bySource ? 1 : 0, $0) })
        let margin = BoundExpr.constant(.double(EconomicsPlan.margin(input)), .double)
        let monthly = BoundExpr.arithmetic(.multiply, perCustomer, margin, result: .double)
        let missing =
            keys.unit != nil
            ? "no revenue from customers first billed in the period" : "no revenue from the source's customers"
        let noRevenue = BoundExpr.caseWhen(
            [BoundWhen(condition: .isNull(perCustomer, negated: false), value: .constant(.string(missing), .string))],
            otherwise: .constant(.null, .string))
        return .project(
            joined,
            VerbLowering.keyColumns(joined, a.keyCount) + [
                VerbLowering.named("cac", a.cac), VerbLowering.named("arpa", perCustomer),
                VerbLowering.named("margin", margin, rate: true),
                VerbLowering.named("payback_months", EconomicsPlan.ratio(a.cac, monthly)),
                VerbLowering.named("note", .call(.coalesce, [a.note, noRevenue], .string)),
            ])
    }
}

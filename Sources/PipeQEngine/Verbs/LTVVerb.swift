import PipeQCore
import PipeQStorage

/// `ltv [by source]`: a customer's lifetime value, average monthly revenue per customer × margin ÷ monthly churn,
/// from the revenue table. Lowered to core nodes.
enum LTVVerb {
    static let binder = VerbBinder(word: "ltv", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// `ChurnLowering.pooled` joined with `EconomicsPlan.besideARPA` on the source (else on a constant), then `Project
    /// [source,] arpa = revenue / customer_months, margin, monthly_churn = lost / customer_months (of the churn),
    /// ltv = arpa * margin / monthly_churn, note` — ltv null, with a note, when no customer was lost.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let keys = try EconomicsKeys.parse(input, periods: false)
        let r = try RevenueTable.find(input)
        let churn = try ChurnLowering.pooled(input, r, bySource: keys.bySource)
        let k = keys.bySource ? 1 : 0
        let (joined, perCustomer) = try EconomicsPlan.besideARPA(churn, input, r, source: keys.bySource ? 0 : nil)
        let margin = BoundExpr.constant(.double(EconomicsPlan.margin(input)), .double)
        let lost = BoundExpr.cast(.column(k + 1, .int), .double)
        let monthlyChurn = EconomicsPlan.ratio(lost, .cast(.column(k, .int), .double))
        let ltv = EconomicsPlan.ratio(.arithmetic(.multiply, perCustomer, margin, result: .double), monthlyChurn)
        let note = BoundExpr.caseWhen(
            [
                BoundWhen(
                    condition: .compare(.equal, lost, .constant(.double(0), .double)),
                    value: .constant(.string("no customer lost: monthly churn 0, lifetime unbounded"), .string))
            ], otherwise: .constant(.null, .string))
        return .project(
            joined,
            VerbLowering.keyColumns(joined, k) + [
                VerbLowering.named("arpa", perCustomer), VerbLowering.named("margin", margin, rate: true),
                VerbLowering.named("monthly_churn", monthlyChurn, rate: true), VerbLowering.named("ltv", ltv),
                VerbLowering.named("note", note),
            ])
    }
}

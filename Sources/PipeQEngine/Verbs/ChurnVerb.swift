import PipeQCore
import PipeQStorage

/// `churn [by month|quarter|year|source]`: customers lost ÷ customers at the period's start, from the revenue
/// table (`ChurnLowering`). Without a period, the pooled monthly churn over every month.
enum ChurnVerb {
    static let binder = VerbBinder(word: "churn", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// By period: `ChurnLowering.perPeriod`, then `Project KEYS, customers, lost, churn = if(customers > 0, lost /
    /// customers, null)`; else `ChurnLowering.pooled` and `churn = lost / customer_months`.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let keys = try EconomicsKeys.parse(input)
        let r = try RevenueTable.find(input)
        let grouped: LogicalPlan
        let keyCount = (keys.bySource ? 1 : 0) + (keys.unit == nil ? 0 : 1)
        if let unit = keys.unit {
            grouped = try ChurnLowering.perPeriod(input, r, bySource: keys.bySource, unit: unit)
        } else {
            grouped = try ChurnLowering.pooled(input, r, bySource: keys.bySource)
        }
        let base = BoundExpr.column(keyCount, .int)
        let lost = BoundExpr.column(keyCount + 1, .int)
        return .project(
            grouped,
            VerbLowering.keyColumns(grouped, keyCount) + [
                VerbLowering.named(keys.unit == nil ? "customer_months" : "customers", base),
                VerbLowering.named("lost", lost),
                VerbLowering.named(
                    keys.unit == nil ? "monthly_churn" : "churn",
                    EconomicsPlan.ratio(.cast(lost, .double), .cast(base, .double)), rate: true),
            ])
    }
}

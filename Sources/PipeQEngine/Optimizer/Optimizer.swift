/// The rewrites between binding and execution, each a small rule (Optimizer/Rules): the plan a query binds to
/// says what it means; the optimized plan is what runs. `explain` shows both and the rules that fired.
public struct Optimizer: Sendable {
    /// The as-of date constant expressions are folded with (the query's).
    public var asOfDay: Int32
    public var rules: [any OptimizerRule]

    public init(asOfDay: Int32, rules: [any OptimizerRule]? = nil) {
        self.asOfDay = asOfDay
        self.rules = rules ?? Self.standardRules(asOfDay: asOfDay)
    }

    /// In order: simplify expressions first, then move filters towards the scans, then fuse what meets there.
    public static func standardRules(asOfDay: Int32) -> [any OptimizerRule] {
        [
            ConstantFolding(asOfDay: asOfDay), ComparisonSimplification(), FilterPushdown(), SortLimitToTop(),
            FusedDictionaryEquality(),
        ]
    }

    /// The plan after every rule, rules repeated until none applies (at most a few rounds); with the names of the
    /// rules that changed something, in the order they first did.
    public func optimize(_ plan: LogicalPlan) -> (plan: LogicalPlan, applied: [String]) {
        var current = plan
        var applied: [String] = []
        for _ in 0..<8 {
            var changed = false
            for rule in rules {
                if let rewritten = Self.applyUp(rule, current) {
                    current = rewritten
                    changed = true
                    if !applied.contains(rule.name) { applied.append(rule.name) }
                }
            }
            if !changed { break }
        }
        return (current, applied)
    }

    /// `rule` offered every node, inputs first; nil when it changed nothing.
    static func applyUp(_ rule: any OptimizerRule, _ plan: LogicalPlan) -> LogicalPlan? {
        var node = plan
        var changed = false
        if let input = plan.input, let newInput = applyUp(rule, input) {
            node = plan.replacingInput(newInput)
            changed = true
        }
        // A join's right side and an append's rows are plans of their own: optimized the same way.
        let sides = node.sidePlans.map { (applyUp(rule, $0), $0) }
        if sides.contains(where: { $0.0 != nil }) {
            node = node.replacingSidePlans(sides.map { $0.0 ?? $0.1 })
            changed = true
        }
        if let rewritten = rule.rewrite(node) {
            return rewritten
        }
        return changed ? node : nil
    }
}

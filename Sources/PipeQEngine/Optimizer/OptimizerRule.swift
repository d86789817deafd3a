/// One rewrite of a logical plan that keeps its answer: the optimizer offers it every node, inputs first.
public protocol OptimizerRule: Sendable {
    /// The name `explain` lists when the rule changed the plan.
    var name: String { get }
    /// The node rewritten, or nil when the rule does not apply to it.
    func rewrite(_ plan: LogicalPlan) -> LogicalPlan?
}

/// A rule on expressions: offered every expression of every node (filters, computed columns, keys, aggregate
/// arguments and filters), innermost first.
protocol ExpressionRule: OptimizerRule {
    /// The expression rewritten, or nil when the rule does not apply to it.
    func rewrite(_ expr: BoundExpr) -> BoundExpr?
}

extension ExpressionRule {
    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan? {
        plan.mappingExpressions { $0.transformedUp(rewrite) }
    }
}

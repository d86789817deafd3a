import PipeQStorage

/// Expressions without a column become their value once, not once per row: `2026-01-01 + 30d` is a date
/// constant, `not true` is false. `x and true` is x, `x or false` is x, `x and false` is false, `x or true`
/// is true (so under SQL's three-valued logic too); a filter that is always true goes away.
/// Values that would overflow (and leave a note at run time) are left for the executor.
struct ConstantFolding: ExpressionRule {
    let asOfDay: Int32
    var name: String { "constant folding" }

    func rewrite(_ plan: LogicalPlan) -> LogicalPlan? {
        let mapped = plan.mappingExpressions { $0.transformedUp(rewrite) }
        let node = mapped ?? plan
        if case .filter(let input, .constant(.bool(true), _)) = node { return input }
        if case .scan(var scan) = node, case .constant(.bool(true), _)? = scan.filter {
            scan.filter = nil
            return .scan(scan)
        }
        return mapped
    }

    func rewrite(_ e: BoundExpr) -> BoundExpr? {
        switch e {
        case .column, .constant, .columnsEqual, .scalarQuery:
            return nil
        case .and(let a, let b):
            if case .constant(.bool(let x), _) = a { return x ? b : a }
            if case .constant(.bool(let x), _) = b { return x ? a : b }
            return nil
        case .or(let a, let b):
            if case .constant(.bool(let x), _) = a { return x ? a : b }
            if case .constant(.bool(let x), _) = b { return x ? b : a }
            return nil
        default:
            guard e.children.allSatisfy({ $0.constantValue != nil }) else { return nil }
            return value(of: e)
        }
    }

    /// The expression evaluated on one row of nothing, as a constant; nil when evaluating it left a note.
    func value(of e: BoundExpr) -> BoundExpr? {
        let context = ExecutionContext(asOfDay: asOfDay)
        let column = Evaluator(relation: Relation(fields: [], count: 1), context: context).vector(e, .all(1))
            .materialized(count: 1)
        guard context.notes.all.isEmpty else { return nil }
        return .constant(column.value(at: 0), e.type)
    }
}

import PipeQCore
import PipeQStorage

/// A `let` name used as a value (`let target = deals where status = "won" | sum value`, then
/// `deals | extend share = value / target`): the let's plan, bound where it is used, so it is re-evaluated on each
/// use like every `let` (an `.asof` change shows). The plan has one column; the executor runs it before the node
/// that uses it and puts its first row's value in as a constant (null when it has no rows; more than one row is
/// an error). A SQL backend writes it as a scalar subquery.
public struct ScalarQuery: Sendable {
    public var name: String
    public var plan: LogicalPlan
    /// Where the name is used, for the error when the plan gives several rows.
    public var span: SourceSpan

    public var type: DataType { plan.schema.fields[0].type }
}

/// Binds `let` names used as values, for the expression binder (set by the query binder).
public final class ScalarLets: Sendable {
    let resolve: @Sendable (String) throws(Diagnostic) -> LogicalPlan?

    init(_ resolve: @escaping @Sendable (String) throws(Diagnostic) -> LogicalPlan?) {
        self.resolve = resolve
    }
}

extension BoundExpr {
    /// The let names used as values inside the expression, innermost first.
    var scalarQueries: [ScalarQuery] {
        var out: [ScalarQuery] = []
        _ = transformedUp { e in
            if case .scalarQuery(let q) = e { out.append(q) }
            return nil
        }
        return out
    }
}

extension LogicalPlan {
    /// The let names used as values in this node's own expressions.
    var scalarQueries: [ScalarQuery] {
        var out: [ScalarQuery] = []
        _ = mappingExpressions { e in
            out += e.scalarQueries
            return nil
        }
        return out
    }
}

import PipeQCore
import PipeQStorage

/// An expression with the name its result column takes.
public struct NamedBoundExpr: Sendable {
    public var name: String
    public var expr: BoundExpr
    /// Column info to carry over (role) when the expression is a plain column.
    public var info: ColumnInfo
    /// The item's text in the query (nil when a verb or `distinct` made it), for errors found after binding.
    public var span: SourceSpan? = nil
}

extension NamedBoundExpr {
    /// An expression named by a backend rather than bound from a query.
    public init(name: String, expr: BoundExpr) {
        self.init(name: name, expr: expr, info: ColumnInfo(name: name))
    }
}

import PipeQStorage

/// An expression with the name its result column takes.
public struct NamedBoundExpr: Sendable {
    public var name: String
    public var expr: BoundExpr
    /// Column info to carry over (role) when the expression is a plain column.
    public var info: ColumnInfo
}

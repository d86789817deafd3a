/// One sort key, bound: the expression and its direction.
public struct BoundSortKey: Sendable {
    public var expr: BoundExpr
    public var descending: Bool
}

import PipeQCore

/// One sort key, bound: the expression and its direction.
public struct BoundSortKey: Sendable {
    public var expr: BoundExpr
    public var descending: Bool
    /// The key's text in the query (nil when a verb made it), for errors found after binding.
    public var span: SourceSpan? = nil
}

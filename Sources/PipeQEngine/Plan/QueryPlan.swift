import PipeQCore
import PipeQStorage

/// A bound query: its logical plan, how the result asks to be drawn, and the as-of date it runs with.
public struct QueryPlan: Sendable {
    public var root: LogicalPlan
    /// How the result should be drawn, when the query ends in `| bar`, `| chart`, `| spark` or a verb with a picture.
    public var presentation: Presentation?
    /// The stage that asked for the drawing (`| bar`, a funnel), so errors found while drawing point at it.
    public var presentationSpan: SourceSpan?
    /// The snapshot date of a `SOURCE asof DATE` query: the as-of date the query runs with.
    public var asOfDay: Int32?

    public init(root: LogicalPlan, presentation: Presentation? = nil, asOfDay: Int32? = nil) {
        self.root = root
        self.presentation = presentation
        self.asOfDay = asOfDay
    }

    public var schema: RelationSchema { root.schema }
}

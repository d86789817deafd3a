import PipeQLanguage
import PipeQStorage

/// An expression with the name its result column takes.
public struct NamedBoundExpr: Sendable {
    public var name: String
    public var expr: BoundExpr
    /// Column info to carry over (role) when the expression is a plain column.
    public var info: ColumnInfo
}

public struct BoundSortKey: Sendable {
    public var expr: BoundExpr
    public var descending: Bool
}

/// One aggregate, bound: its function, argument and own filter, and its result type.
public struct BoundAggregate: Sendable {
    public var name: String
    public var function: AggregateFunction
    public var distinct: Bool
    public var argument: BoundExpr?
    public var filter: BoundExpr?
    public var resultType: DataType
    /// `winrate`: where its argument column's open/won/lost outcome comes from.
    var outcome: OutcomeSource? = nil
}

/// One step of a plan. Each consumes the relation the previous step produced.
public enum PlanNode: Sendable {
    /// Keeps rows where the predicate is true.
    case filter(BoundExpr)
    /// Adds (or replaces) computed columns.
    case extend([NamedBoundExpr])
    /// Keeps only the given columns/expressions.
    case project([NamedBoundExpr])
    /// Groups by keys and computes aggregates (no aggregates: distinct keys).
    case aggregate(keys: [NamedBoundExpr], aggregates: [BoundAggregate])
    case sort([BoundSortKey])
    /// The first N rows by the keys, without sorting everything.
    case top(Int, [BoundSortKey])
    case limit(Int)
    /// A pipeline verb, planned and run by its own operator.
    case verb(any VerbPlan)

    /// One line for `.explain`.
    public var explanation: String {
        switch self {
        case .filter: return "Filter"
        case .extend(let items): return "Extend " + items.map(\.name).joined(separator: ", ")
        case .project(let items): return "Project " + items.map(\.name).joined(separator: ", ")
        case .aggregate(let keys, let aggs):
            let a = aggs.map(\.name).joined(separator: ", ")
            return keys.isEmpty ? "Aggregate \(a)" : "Aggregate \(a) by " + keys.map(\.name).joined(separator: ", ")
        case .sort(let keys): return "Sort (\(keys.count) key\(keys.count == 1 ? "" : "s"))"
        case .top(let n, _): return "Top \(n)"
        case .limit(let n): return "Limit \(n)"
        case .verb(let v): return v.explanation
        }
    }
}

/// A bound query: a source table and the steps over it.
public struct QueryPlan: Sendable {
    public var source: Table
    public var steps: [PlanNode]
    public var schema: RelationSchema
    /// How the result should be drawn, when the query ends in `| bar`, `| chart`, `| spark` or a verb with a picture.
    public var presentation: Presentation?
    /// The snapshot date of a `SOURCE asof DATE` query: the as-of date the query runs with.
    public var asOfDay: Int32?

    public init(source: Table, steps: [PlanNode], schema: RelationSchema, presentation: Presentation? = nil) {
        self.source = source
        self.steps = steps
        self.schema = schema
        self.presentation = presentation
    }
}

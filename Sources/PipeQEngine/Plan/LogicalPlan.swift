import PipeQCore
import PipeQStorage

/// A bound query as a tree of relational operators: what the binder builds, the optimizer rewrites, `explain`
/// prints and the executor (or, later, a SQL compiler) runs. Every node knows its output schema without
/// reading data, and nothing here depends on how the executor works.
public indirect enum LogicalPlan: Sendable {
    /// Rows of a catalog table, or of the pipeline as it stood on a past day (`deals asof DATE`).
    case scan(TableScan)
    /// Keeps rows where the predicate is true (SQL's three-valued logic: unknown drops the row).
    case filter(LogicalPlan, BoundExpr)
    /// Adds (or replaces) computed columns.
    case extend(LogicalPlan, [NamedBoundExpr])
    /// Keeps only the given columns and expressions.
    case project(LogicalPlan, [NamedBoundExpr])
    /// Groups by keys and computes aggregates, each with its own filter; no aggregates: the distinct keys.
    case aggregate(LogicalPlan, keys: [NamedBoundExpr], aggregates: [BoundAggregate])
    case sort(LogicalPlan, [BoundSortKey])
    /// The first N rows by the keys, without sorting everything.
    case top(LogicalPlan, Int, [BoundSortKey])
    case limit(LogicalPlan, Int)
    /// Adds window-function columns (running sums, lags, ranks), each row's value read from the rows of its
    /// partition (rows with equal partition keys; all rows when there are none) in input order. Keeps the rows
    /// and their order. Not row by row: a filter must not move below it.
    case window(LogicalPlan, [WindowItem], partition: [BoundExpr])
    /// A pipeline operator that is not relational (stay intervals, reach across stages, period buckets),
    /// over its input and the side tables it reads (the stage history).
    case verb(LogicalPlan, any VerbPlan)
    /// Rows of the input matched with rows of another plan on equal keys (inner, left, semi, anti).
    case join(LogicalPlan, JoinNode)
    /// The input's rows, then another plan's, columns matched by name.
    case append(LogicalPlan, AppendNode)
    /// The distinct values of a column turned into columns (their names known only when it runs).
    case pivot(LogicalPlan, PivotNode)
    /// A grouped result completed so every combination of some key columns has a row for every bucket of a domain
    /// (a list of values, or every period from the first to the last); added rows have 0 (or null) measures.
    case fill(LogicalPlan, FillNode)

    /// The operator's input, nil for a scan.
    public var input: LogicalPlan? {
        switch self {
        case .scan: return nil
        case .filter(let p, _), .extend(let p, _), .project(let p, _), .aggregate(let p, _, _), .sort(let p, _),
            .top(let p, _, _),
            .limit(let p, _), .verb(let p, _), .join(let p, _), .append(let p, _), .pivot(let p, _),
            .window(let p, _, _), .fill(let p, _):
            return p
        }
    }

    /// Every plan this node reads: its input, then a verb's side inputs.
    public var children: [LogicalPlan] {
        var out: [LogicalPlan] = input.map { [$0] } ?? []
        if case .verb(_, let verb) = self { out += verb.sideInputs }
        out += sidePlans
        return out
    }

    /// The same node over another input (rules rewrite trees with this).
    public func replacingInput(_ newInput: LogicalPlan) -> LogicalPlan {
        switch self {
        case .scan: return self
        case .filter(_, let e): return .filter(newInput, e)
        case .extend(_, let items): return .extend(newInput, items)
        case .project(_, let items): return .project(newInput, items)
        case .aggregate(_, let keys, let aggregates): return .aggregate(newInput, keys: keys, aggregates: aggregates)
        case .sort(_, let keys): return .sort(newInput, keys)
        case .top(_, let n, let keys): return .top(newInput, n, keys)
        case .limit(_, let n): return .limit(newInput, n)
        case .verb(_, let verb): return .verb(newInput, verb)
        case .join(_, let node): return .join(newInput, node)
        case .append(_, let node): return .append(newInput, node)
        case .pivot(_, let node): return .pivot(newInput, node)
        case .fill(_, let node): return .fill(newInput, node)
        case .window(_, let items, let partition): return .window(newInput, items, partition: partition)
        }
    }

    /// The output schema, computed from the input's without reading rows.
    public var schema: RelationSchema {
        switch self {
        case .scan(let scan):
            return RelationSchema(table: scan.table)
        case .filter(let p, _), .sort(let p, _), .top(let p, _, _), .limit(let p, _), .fill(let p, _):
            return p.schema
        case .extend(let p, let items):
            var out = p.schema
            for item in items {
                let field = RelationSchema.FieldInfo(name: item.name, type: item.expr.type, info: item.info)
                out.put(field)
            }
            return out
        case .window(let p, let items, _):
            var out = p.schema
            for item in items {
                let field = RelationSchema.FieldInfo(name: item.name, type: item.type, info: item.info)
                out.put(field)
            }
            return out
        case .project(_, let items):
            return RelationSchema(fields: items.map { .init(name: $0.name, type: $0.expr.type, info: $0.info) })
        case .aggregate(_, let keys, let aggregates):
            return RelationSchema(
                fields: keys.map { .init(name: $0.name, type: $0.expr.type, info: $0.info) }
                    + aggregates.map { .init(name: $0.name, type: $0.resultType, info: $0.info) })
        case .verb(_, let verb):
            return verb.outputSchema
        case .join(let p, let node):
            return node.schema(over: p.schema)
        case .append(let p, let node):
            return node.schema(over: p.schema)
        case .pivot(_, let node):
            return node.schema
        }
    }

    /// Every node of the tree, this one first (depth first, inputs before side inputs).
    public var nodes: [LogicalPlan] {
        [self] + children.flatMap(\.nodes)
    }
}

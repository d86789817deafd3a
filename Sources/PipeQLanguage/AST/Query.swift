import PipeQCore

/// A name bound to an expression: `weighted = value * probability`, or a bare expression whose name is derived.
public struct NamedExpr: Sendable, Equatable {
    public var name: String?
    public var nameSpan: SourceSpan?
    public var expr: Expr

    public init(name: String? = nil, nameSpan: SourceSpan? = nil, expr: Expr) {
        self.name = name
        self.nameSpan = nameSpan
        self.expr = expr
    }
}

public struct SortKey: Sendable, Equatable {
    public var expr: Expr
    public var descending: Bool

    public init(expr: Expr, descending: Bool) {
        self.expr = expr
        self.descending = descending
    }
}

/// The aggregate functions: the stage table's aggregate words (`StageTable`, kind `.aggregate`, and `winrate`).
public enum AggregateFunction: Sendable, Equatable {
    case count, sum, avg, min, max, median, stddev
    /// `sparkline DATE`: rows per month over the input's months (one list of counts per group); the renderer draws it.
    case sparkline
    /// `pN`: the N-th percentile, 0…100.
    case percentile(Double)
    /// `winrate`: won ÷ (won + lost) deals, from the status (or stage) column; takes no argument.
    case winrate

    /// The stage table's word (`p90` for a percentile).
    public var name: String {
        switch self {
        case .count: return "count"
        case .sum: return "sum"
        case .avg: return "avg"
        case .min: return "min"
        case .max: return "max"
        case .median: return "median"
        case .stddev: return "stddev"
        case .sparkline: return "sparkline"
        case .percentile(let p): return "p" + (p.rounded() == p ? String(Int(p)) : String(p))
        case .winrate: return "winrate"
        }
    }

    /// The function a word of the stage table names, in any spelling (`avg`, `mean`, `p90`); nil for a word that is
    /// not an aggregate there.
    public static func named(_ text: String) -> AggregateFunction? {
        guard let entry = StageTable.entry(for: text), entry.isAggregate else { return nil }
        switch entry.word {
        case "count": return .count
        case "sum": return .sum
        case "avg": return .avg
        case "min": return .min
        case "max": return .max
        case "median": return .median
        case "stddev": return .stddev
        case "sparkline": return .sparkline
        case "winrate": return .winrate
        case "pN": return StageTable.percentile(text).map { .percentile($0) }
        default: return nil
        }
    }
}

/// One aggregate in a summarising stage: `[name =] fn [distinct] [arg] [where filter]`.
public struct AggregateCall: Sendable, Equatable {
    public var outputName: String?
    public var function: AggregateFunction
    public var distinct: Bool
    public var argument: Expr?
    public var filter: Expr?
    public var span: SourceSpan

    public init(
        outputName: String?, function: AggregateFunction, distinct: Bool, argument: Expr?, filter: Expr?,
        span: SourceSpan
    ) {
        self.outputName = outputName
        self.function = function
        self.distinct = distinct
        self.argument = argument
        self.filter = filter
        self.span = span
    }
}

/// A token-level argument of a pipeline verb (`funnel strict`, `forecast by month`, `compare "Ana Ruiz"`).
public enum VerbArgument: Sendable, Equatable {
    case word(String, SourceSpan)
    case expr(Expr)
}

/// One `| stage` of a pipeline.
public struct Stage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case filter(Expr)
        case select([NamedExpr])
        /// `extend NAME = EXPR [per KEY, …], …`: `per[i]` partitions the window functions (`cumsum`, `rank`, …) of
        /// item i (empty: the whole input).
        case extend([NamedExpr], per: [[Expr]])
        case sort([SortKey])
        /// `top N by KEY, … [per GROUP, …]`: with `per`, the first N rows of each group.
        case top(Int, countSpan: SourceSpan, by: [SortKey], per: [NamedExpr])
        case limit(Int, countSpan: SourceSpan)
        case distinct([NamedExpr])
        case aggregate([AggregateCall], by: [NamedExpr])
        /// A named pipeline verb (funnel, winrate, …) with its arguments and grouping: the stage table's word for a
        /// known verb, the word as written for an unknown one (the binder says which verbs exist).
        case verb(String, [VerbArgument], by: [NamedExpr])
        /// A drawing stage (bar, chart, spark: the stage table's word) with its arguments; the binder checks them.
        case presentation(String, [VerbArgument], by: [NamedExpr])
    }

    public var kind: Kind
    /// The whole stage's text span; `keywordSpan` the verb's.
    public var span: SourceSpan
    public var keywordSpan: SourceSpan

    public init(_ kind: Kind, span: SourceSpan, keywordSpan: SourceSpan) {
        self.kind = kind
        self.span = span
        self.keywordSpan = keywordSpan
    }
}

/// `SOURCE [asof DATE] [where …] [| stage]…`
public struct Query: Sendable, Equatable {
    public var source: String
    public var sourceSpan: SourceSpan
    /// `deals asof 2026-09-30`: the snapshot date, when given.
    public var asOf: Expr?
    public var stages: [Stage]
    public var span: SourceSpan

    public init(source: String, sourceSpan: SourceSpan, asOf: Expr? = nil, stages: [Stage], span: SourceSpan) {
        self.source = source
        self.sourceSpan = sourceSpan
        self.asOf = asOf
        self.stages = stages
        self.span = span
    }
}

/// A whole statement: a query, or `let NAME = query`.
public enum Statement: Sendable, Equatable {
    case query(Query)
    case letBinding(name: String, nameSpan: SourceSpan, query: Query)
}

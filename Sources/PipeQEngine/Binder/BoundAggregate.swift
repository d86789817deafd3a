import PipeQCore
import PipeQLanguage
import PipeQStorage

/// One aggregate, bound: its function, argument and own filter, and its result type.
public struct BoundAggregate: Sendable {
    public var name: String
    public var function: AggregateFunction
    public var distinct: Bool
    public var argument: BoundExpr?
    public var filter: BoundExpr?
    public var resultType: DataType
    /// The aggregate's text in the query (nil when a verb made it), for errors found after binding.
    public var span: SourceSpan? = nil
}

extension BoundAggregate {
    /// The result column's info: its name and, for `sparkline`, the encoding renderers draw from.
    var info: ColumnInfo {
        var info = ColumnInfo(name: name)
        if function == .sparkline { info.encoding = .monthlyCounts }
        if function == .winrate { info.encoding = .rate }
        return info
    }
}

extension BoundAggregate {
    /// An aggregate made by a backend rather than bound from a query (the SQL compiler's verb statistics).
    public init(
        name: String, function: AggregateFunction, distinct: Bool = false, argument: BoundExpr?,
        filter: BoundExpr? = nil, resultType: DataType
    ) {
        self.name = name
        self.function = function
        self.distinct = distinct
        self.argument = argument
        self.filter = filter
        self.resultType = resultType
    }
}

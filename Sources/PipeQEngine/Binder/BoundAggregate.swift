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

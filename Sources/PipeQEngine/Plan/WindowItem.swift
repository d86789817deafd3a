import PipeQCore
import PipeQLanguage
import PipeQStorage

/// One window function of a `window` node: a new column computed for each row from the rows around it in the
/// input's row order, within the row's partition.
public struct WindowItem: Sendable {
    public var name: String
    public var function: WindowFunction
    /// The value the function reads (cumsum, cumcount(x), lag, lead, total, moving_avg, pct_change); nil for
    /// row_number, cumcount(), rank and dense_rank.
    public var argument: BoundExpr?
    /// rank and dense_rank: the keys that order the partition (nulls last, as `sort`).
    public var order: [BoundSortKey]
    /// lag/lead: the offset; moving_avg: the number of rows; 0 otherwise.
    public var count: Int
    public var type: DataType
    public var info: ColumnInfo
    /// The call's text in the query.
    public var span: SourceSpan?
    /// lag only: count calendar periods of this date column instead of rows (the row whose period is `count`
    /// periods earlier, null when the partition has none). A SQL `RANGE` frame of that interval.
    public var period: PeriodStep?

    public init(
        name: String, function: WindowFunction, argument: BoundExpr?, order: [BoundSortKey] = [], count: Int = 0,
        type: DataType, span: SourceSpan? = nil
    ) {
        self.name = name
        self.function = function
        self.argument = argument
        self.order = order
        self.count = count
        self.type = type
        self.info = ColumnInfo(name: name)
        self.span = span
    }
}

/// A step back in calendar periods: `key` holds period starts (a week's Monday, a month's, quarter's or year's first
/// day), stepped by `unit` (`PeriodUnit`, the calendar rules every period verb uses).
public struct PeriodStep: Sendable {
    public var key: BoundExpr
    public var unit: PeriodUnit
}

import PipeQStorage

/// Where a deal's terms over time come from (its close date and amount as each change recorded them: Salesforce
/// OpportunityHistory's CLOSEDATE and AMOUNT): the plan of the rows and the indices of their columns in its
/// schema, as `TermsSource` chose them (the terms table an import kept, else the stage history's own rows), kept
/// apart from the stage stays (`HistoryRead`). Read by `changes` and `slipped`.
public struct TermsRead: @unchecked Sendable {
    /// The catalog table the rows come from.
    public let table: Table
    public let plan: LogicalPlan
    public let dealId: Int
    /// When each row's values took effect.
    public let changedAt: Int
    public let closeDate: Int?
    public let amount: Int?
    /// The last day whose rows count (an `asof` query's day; the terms table is not rebuilt as of a day, so rows
    /// after it are skipped instead). Nil: every row.
    public let lastDay: Int32?

    /// `day`, or the last day whose rows count when that is earlier: the terms as they stood at the end of `day`.
    public func known(at day: Int32) -> Int32 { min(day, lastDay ?? .max) }

    /// The value columns there are: the close date, then the amount.
    public var columns: [Int] { [closeDate, amount].compactMap { $0 } }

    /// True when the rows are those of `history` (the same table, read by the same plan): one grouping of the rows
    /// per deal then serves both.
    public func sameRows(as history: HistoryRead) -> Bool {
        table === history.table && dealId == history.dealId && changedAt == history.enteredAt
    }
}

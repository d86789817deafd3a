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

    /// The value columns there are: the close date, then the amount.
    public var columns: [Int] { [closeDate, amount].compactMap { $0 } }

    /// True when the rows are those of `history` (the same table, read by the same plan): one grouping of the rows
    /// per deal then serves both.
    public func sameRows(as history: HistoryRead) -> Bool {
        table === history.table && dealId == history.dealId && changedAt == history.enteredAt
    }
}

/// What `PipelineGenerator.write(to:)` produced.
public struct GenerationSummary: Sendable, Equatable, CustomStringConvertible {
    /// Deals written, and how many of them are open, won and lost.
    public var deals: Int
    public var open: Int
    public var won: Int
    public var lost: Int
    /// Rows in history.csv (one per stage a deal passed through, and one per close-date or amount edit).
    public var historyRows: Int
    /// Rows in reps.csv.
    public var reps: Int
    /// Bytes written per file name (`deals.csv`, `history.csv`, `reps.csv`, `quotas.csv`, `spend.csv`, `revenue.csv`).
    public var bytes: [String: Int]

    /// A summary with the given counts.
    public init(deals: Int, open: Int, won: Int, lost: Int, historyRows: Int, reps: Int, bytes: [String: Int]) {
        self.deals = deals
        self.open = open
        self.won = won
        self.lost = lost
        self.historyRows = historyRows
        self.reps = reps
        self.bytes = bytes
    }

    /// Files written, in a fixed order.
    public static let fileNames = [
        "deals.csv", "history.csv", "reps.csv", "quotas.csv", "spend.csv", "revenue.csv",
    ]

    /// A two-to-four line human summary.
    public var description: String {
        var text =
            "wrote \(deals) deals (\(open) open, \(won) won, \(lost) lost), \(historyRows) history rows, \(reps) reps"
        for name in Self.fileNames { if let size = bytes[name] { text += "\n  \(name): \(size) bytes" } }
        return text
    }
}

import PipeQCore
import PipeQStorage

/// `changes [summary] from DATE to DATE` (`ChangesPlan`): the slippage waterfall between the ends of two days.
/// Each deal's stage at both days comes from the stage history (`history`, as `DealTimeline` replays it), its
/// close date and amount at both days from its terms over time (`terms`, as `DealTerms` reads them).
public struct ChangesForm: @unchecked Sendable {
    /// A change a deal makes in the period, in the detail's order: the waterfall's moves, then moved and overdue
    /// (which change neither sum).
    public enum Kind: Int, CaseIterable, Sendable {
        case created, pulled, amountUp, amountDown, pushed, lost, won, moved, overdue

        /// The kinds the waterfall adds and takes away, in its order.
        public static let waterfall: [Kind] = [.created, .pulled, .amountUp, .amountDown, .pushed, .lost, .won]

        /// How the output spells the kind.
        public var label: String {
            switch self {
            case .created: return "created"
            case .pulled: return "pulled"
            case .amountUp: return "amount up"
            case .amountDown: return "amount down"
            case .pushed: return "pushed"
            case .lost: return "lost"
            case .won: return "won"
            case .moved: return "moved"
            case .overdue: return "overdue"
            }
        }
    }

    /// The detail's kinds, in order.
    public static let kinds = Kind.allCases.map(\.label)
    /// The summary's lines: the open pipeline at the start, the waterfall's moves, the open pipeline at the end.
    public static let lines = ["open at start"] + Kind.waterfall.map(\.label) + ["open at end"]

    /// The summary's note per line, for the period from the end of `from` to the end of `to`.
    public static func notes(from: Int32, to: Int32, hasCloseDates: Bool) -> [String] {
        let f = CivilTime.formatDate(Int(from))
        let t = CivilTime.formatDate(Int(to))
        let due = hasCloseDates ? ", close_date by \(t)" : ""
        return [
            "open at the end of \(f)\(due)",
            "+ entered by \(t), not open at \(f) (created in the period, or reopened)",
            "+ open at \(f) with a close_date after \(t) (or none), moved in by \(t)",
            "+ amount increases of the deals above (value only)",
            "− amount decreases of the deals above (value only)",
            "− still open at \(t), close_date moved past \(t) (or cleared)",
            "− lost in the period",
            "− won in the period",
            "= open at the end of \(t)\(due)",
        ]
    }

    public let summary: Bool
    public let from: Int32
    public let to: Int32
    /// The stage stays, for each deal's stage at both days.
    public let history: HistoryRead
    /// The close dates and amounts over time.
    public let terms: TermsRead
    /// The input deals' id and value fields, and their stage, stage_entered, created and close_date when present.
    public let id: Int
    public let value: Int
    public let stage: Int?
    public let stageEntered: Int?
    public let created: Int?
    public let closeDate: Int?
    public let outputSchema: RelationSchema

    /// Whether any close date is known (on the deals or in the terms): without one every open deal is in the
    /// period's pipeline.
    public var hasCloseDates: Bool { closeDate != nil || terms.closeDate != nil }

    /// The summary's notes for this period.
    public var notes: [String] { Self.notes(from: from, to: to, hasCloseDates: hasCloseDates) }
}

import PipeQCore
import PipeQStorage

/// `scorecard [by team] [for REP]` (`ScorecardPlan`): every rep against their peers, metric by metric
/// (`ScorecardMetric.all`, over the metrics the inputs allow), with the peers' median, the rep's rank, and the
/// metric furthest below the median flagged (`ScorecardRanking`).
public struct ScorecardForm: @unchecked Sendable {
    public let rep: Int
    /// The one rep whose card to show, as asked for, and where.
    public let only: (name: String, span: SourceSpan)?
    /// The team key (at most one): a rep's peers are the reps of the team most of their deals carry.
    public let keys: [NamedBoundExpr]
    /// Each deal's open/won/lost (`outcome(…)` of the status or stage field).
    public let outcome: BoundExpr
    public let value: Int?
    public let created: Int?
    public let closeDate: Int?
    /// The plain funnel of the deals (its conversions), when stages and a history or stage column are known.
    public let funnel: FunnelForm?
    /// The history and the deals' id field, for days in each stage.
    public let stageTime: (history: HistoryRead, id: Int)?
    /// attainment and coverage by rep (lowered plans over the same input; the rep first), when there are quotas.
    public let quotaPlans: [LogicalPlan]
    public let nowMicros: Int64
    public let outputSchema: RelationSchema
}

/// `scorecard trend [for REP]` (`ScorecardTrendPlan`): per rep, win rate, avg deal size and avg cycle days in each
/// of the last `quarters` fiscal quarters of the close date, as series of plain numbers.
public struct ScorecardTrendForm: @unchecked Sendable {
    public let rep: Int
    public let only: (name: String, span: SourceSpan)?
    public let outcome: BoundExpr
    public let value: Int?
    public let created: Int?
    public let closeDate: Int
    public let quarters: Int
    /// The fiscal year's first month (1…12): quarters start in it and every third month after.
    public let fiscalStartMonth: Int
    /// The last quarter's number (`ScorecardTrendPlan.quarterIndex`): months since year 0 of its first month ÷ 3.
    public let lastQuarter: Int
    /// The first and the last quarter's labels.
    public let from: String
    public let to: String
    public let outputSchema: RelationSchema

    /// A quarter's number from its first month (1…12) and year: consecutive quarters have consecutive numbers.
    public static func quarterIndex(year: Int, month: Int) -> Int { (year * 12 + month - 1) / 3 }
}

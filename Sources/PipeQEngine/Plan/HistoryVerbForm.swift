import PipeQCore
import PipeQStorage

/// What a history verb (funnel, stagetime, stalled, changes, slipped, compare, scorecard, …) computes, in the terms
/// another backend needs to write it itself: the bound keys, the role columns it reads by index, the history it
/// reads as a plan. The verb's own operator runs from the same bound values, so the two cannot drift apart.
public enum HistoryVerbForm: @unchecked Sendable {
    case funnel(FunnelForm)
    case stageTime(StageTimeForm)
    case stalled(StalledForm)
    case changes(ChangesForm)
    case slipped(SlippedForm)
    case metrics(MetricsForm)
    case compare(CompareForm)
    case scorecard(ScorecardForm)
    case scorecardTrend(ScorecardTrendForm)
}

/// The stage history a verb reads: the plan of its rows (the table, or its state on an `asof` day) and the
/// indices of its role columns in that plan's schema.
public struct HistoryRead: @unchecked Sendable {
    /// The catalog's history table.
    public let table: Table
    public let plan: LogicalPlan
    public let dealId: Int
    public let stage: Int
    public let enteredAt: Int?
    public let exitedAt: Int?
}

extension HistoryColumns {
    var read: HistoryRead {
        HistoryRead(table: table, plan: plan, dealId: dealId, stage: stage, enteredAt: enteredAt, exitedAt: exitedAt)
    }
}

/// `funnel [strict] [by …]` (`FunnelPlan`).
public struct FunnelForm: @unchecked Sendable {
    public enum Source: @unchecked Sendable {
        /// The input rows are deals; `id` is their id field, matched with the history's deal ids (the first deal
        /// with an id takes its history).
        case history(HistoryRead, id: Int)
        /// The input rows are history rows: their deal id, stage and (when there) entered_at fields.
        case historyRows(dealId: Int, stage: Int, entered: Int?)
        /// The deals' current stage; a lost deal (by `outcome`) counts at the first step.
        case current(stage: Int, outcome: BoundExpr)
    }
    public let keys: [NamedBoundExpr]
    public let strict: Bool
    /// The steps, in order: the open stages then the won stage(s).
    public let steps: [String]
    /// The steps per pipeline, when the stages belong to several pipelines and the rows say which.
    public let scope: Scope?
    public let source: Source
    public let outputSchema: RelationSchema

    /// A funnel over several pipelines (`FunnelScope`): each pipeline's own steps, one after the other; a row
    /// reaches the steps of its own pipeline only.
    public struct Scope: Sendable {
        public let pipelines: [String]
        /// Per scoped step: its pipeline (index into `pipelines`), stage name, its pipeline's first step, and its
        /// index among the merged `steps`.
        public let stepPipeline: [Int]
        public let stepName: [String]
        public let firstStep: [Int]
        public let merged: [Int]
        /// The input's string field `pipeline`, when it has one.
        public let inputPipeline: Int?
        /// True when a `by` key is that field: each group then shows its pipeline's own steps.
        public let byPipeline: Bool
        /// The history's own `pipeline` field, which says a history row's pipeline before its deal's does.
        public let historyPipeline: Int?
    }
}

/// `stagetime [by …]` (`StageTimePlan`): stays in each open stage; open stays run to `nowMicros`.
public struct StageTimeForm: @unchecked Sendable {
    public enum Source: @unchecked Sendable {
        /// The input rows are deals; `id` is matched with the history's deal ids (the first deal with an id).
        case deals(HistoryRead, id: Int)
        /// The input rows are history rows.
        case history(dealId: Int, stage: Int, entered: Int, exited: Int?)
    }
    public let keys: [NamedBoundExpr]
    public let source: Source
    public let nowMicros: Int64
    public let outputSchema: RelationSchema

    /// The stages a stage column's dictionary reports: its open stages (by the definitions, else by name), in
    /// the dictionary's order (`StageTimePlan.measure`'s labels).
    public static func labels(_ dictionary: StringDictionary, stages: StageDefinitions) -> [String] {
        let distinct = dictionary.isDistinct ? dictionary : dictionary.deduplication.dictionary
        let ranks = distinct.ranks
        return (0..<distinct.count).filter { stages.outcome(of: distinct.values[$0]) == .open }
            .sorted { ranks[$0] < ranks[$1] }.map { distinct.values[$0] }
    }
}

/// `stalled` (`StalledPlan`): open deals older in their stage than its limit (the stage's `rotting_days` in the
/// catalog's stage definitions), worst first.
public struct StalledForm: @unchecked Sendable {
    /// Each deal's open/won/lost (`outcome(…)` of the status or stage field).
    public let outcome: BoundExpr
    public let stage: Int
    public let stageEntered: Int
    public let value: Int?
    /// The history whose completed stays give twice the median as the limit of the other stages.
    public let history: HistoryRead?
    public let asOfDay: Int32
    public let outputSchema: RelationSchema
}

/// `metrics` (`MetricsPlan`): pipeline health in one list of section, metric, value and note.
public struct MetricsForm: @unchecked Sendable {
    /// Each deal's open/won/lost (`outcome(…)` of the status or stage field).
    public let outcome: BoundExpr
    public let value: Int?
    public let created: Int?
    public let closeDate: Int?
    public let stage: Int?
    public let stageEntered: Int?
    public let leadScore: Int?
    /// The plain funnel of the deals (its conversions), when stages and a history or stage column are known.
    public let funnel: FunnelForm?
    /// The history with exited_at whose median stays give stages without `rotting_days` a limit.
    public let history: HistoryRead?
    public let asOfDay: Int32
    public let sections: [String]
    public let outputSchema: RelationSchema
}

/// `compare REP` (`ComparePlan`): one rep's deals beside their team's, metric by metric.
public struct CompareForm: @unchecked Sendable {
    /// The rep as asked for, and where.
    public let name: String
    public let nameSpan: SourceSpan
    public let rep: Int
    /// The deals' team field, when they have one.
    public let team: Int?
    /// Else each rep's team from the reps table, when there is one.
    public let repTeams: [String: String]?
    public let outcome: BoundExpr
    public let value: Int?
    public let created: Int?
    public let closeDate: Int?
    public let funnel: FunnelForm?
    /// The history and the deals' id field, for days in each stage.
    public let stageTime: (history: HistoryRead, id: Int)?
    public let nowMicros: Int64
    public let outputSchema: RelationSchema

    /// The rep's place in the rep column's dictionary (the name, else ignoring case), or the unknown-rep error.
    public static func code(of name: String, in dictionary: StringDictionary, span: SourceSpan) throws(Diagnostic)
        -> Int
    {
        try ComparePlan.code(of: name, in: dictionary, span: span)
    }
}

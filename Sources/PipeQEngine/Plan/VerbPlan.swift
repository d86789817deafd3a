import PipeQCore
import PipeQLanguage
import PipeQStorage

/// A pipeline verb (funnel, winrate, …): bound once, then run as its own plan node over whole columns.
public protocol VerbPlan: Sendable {
    /// One line for `explain`.
    var explanation: String { get }
    /// The schema of the verb's output.
    var outputSchema: RelationSchema { get }
    /// The plans of the tables the verb reads besides its input (the stage history), run by the executor.
    var sideInputs: [LogicalPlan] { get }
    /// Runs the verb over its input relation.
    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation
    /// Runs the verb over its input and the relations of its side inputs, in `sideInputs` order.
    func execute(_ input: Relation, sideInputs: [Relation], context: ExecutionContext) throws(Diagnostic) -> Relation
    /// The picture the verb's result has when it ends a query (a funnel draws as a funnel); nil for none.
    var presentation: Presentation? { get }
    /// True when the verb's answer depends on the order of the pipeline's stages (funnel steps, stage rows).
    var usesStageOrder: Bool { get }
    /// Input columns the verb's answer is about besides its own (`stalled`: the stage): a table too wide for the
    /// screen keeps them (see `QueryResult.queriedColumns`).
    var subjectColumns: [String] { get }
    /// What a history verb computes, for a backend that writes it itself (the SQL compiler); nil for others.
    var form: HistoryVerbForm? { get }
}

extension VerbPlan {
    public var sideInputs: [LogicalPlan] { [] }
    public func execute(_ input: Relation, sideInputs: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        try execute(input, context: context)
    }
    public func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        try execute(input, sideInputs: [], context: context)
    }
    public var presentation: Presentation? { nil }
    public var usesStageOrder: Bool { false }
    public var subjectColumns: [String] { [] }
    public var form: HistoryVerbForm? { nil }
}

/// What a verb binder gets: the stage as parsed, the input schema, and the session around it.
public struct VerbBindingInput {
    public var name: String
    public var arguments: [VerbArgument]
    public var keys: [NamedExpr]
    public var span: SourceSpan
    public var keywordSpan: SourceSpan
    public var schema: RelationSchema
    public var context: BindContext
    public var catalog: Catalog
    /// Set in an `asof` query: scans of deals and history read the pipeline as of that day.
    public var asOf: AsOfRead?
    /// The plan of a table or `let` name (a join's right side, the rows `append` adds); nil for an unknown name.
    public var source: (String) throws(Diagnostic) -> LogicalPlan? = { _ in nil }
    /// The table and `let` names a query can read, for hints.
    public var sourceNames: [String] = []

    /// A plan reading a catalog table, as of the query's day when it has one.
    public func scan(_ table: Table) -> LogicalPlan {
        .scan(TableScan(table: table, asOf: asOf.flatMap { AsOfRead.rebuilds(table) ? $0 : nil }))
    }
}

/// How a verb binds: to a custom operator of its own, or lowered to a composition of core plan nodes (filtered
/// aggregates, extends, projections), the way PRQL writes its standard library in PRQL. A lowered verb runs on
/// the core executor (parallel, cancellable), prints as core nodes in `explain`, and a SQL compiler reads it like
/// any other query; custom operators are kept for history work (stay intervals, reach across stages).
public enum VerbBinding: Sendable {
    /// A custom operator over the input (and the side tables it reads).
    case `operator`(@Sendable (VerbBindingInput) throws(Diagnostic) -> any VerbPlan)
    /// The plan that replaces the verb, built over the plan of its input.
    case lowering(@Sendable (VerbBindingInput, LogicalPlan) throws(Diagnostic) -> LogicalPlan)
}

/// How the engine binds one verb of the stage table: the word (`StageTable`, kind `.verb`) and its binding. The
/// words, usages and help live in the table; a test checks that every verb word there has a binder here and back.
public struct VerbBinder: Sendable {
    public var word: String
    public var binding: VerbBinding

    /// A verb run by its own operator.
    public init(word: String, bind: @escaping @Sendable (VerbBindingInput) throws(Diagnostic) -> any VerbPlan) {
        self.word = word
        self.binding = .operator(bind)
    }

    /// A verb defined as core plan nodes over its input.
    public init(
        word: String, lower: @escaping @Sendable (VerbBindingInput, LogicalPlan) throws(Diagnostic) -> LogicalPlan
    ) {
        self.word = word
        self.binding = .lowering(lower)
    }

    /// The plan of the verb's stage over the plan of its input.
    public func plan(_ input: VerbBindingInput, over plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        switch binding {
        case .operator(let bind): return .verb(plan, try bind(input))
        case .lowering(let lower): return try lower(input, plan)
        }
    }
}

/// The verbs the engine can bind, by their stage-table word.
public enum VerbRegistry {
    /// Every verb binder, by word.
    public static let all: [String: VerbBinder] = {
        var verbs: [String: VerbBinder] = [:]
        for v in builtinVerbs { verbs[v.word] = v }
        return verbs
    }()

    /// The binder for a stage word (any spelling of a verb in `StageTable`); nil when the word is not a verb.
    public static func binder(for word: String) -> VerbBinder? {
        guard let entry = StageTable.entry(for: word), entry.kind == .verb else { return nil }
        return all[entry.word]
    }
}

/// The verbs compiled into pipeq, one binder per verb word of `StageTable`.
let builtinVerbs: [VerbBinder] = [
    WinRateVerb.binder,
    CycleVerb.binder,
    DealSizeVerb.binder,
    VelocityVerb.binder,
    FunnelPlan.binder,
    StageTimePlan.binder,
    ForecastVerb.binder,
    AgingVerb.binder,
    StalledPlan.binder,
    BalanceVerb.binder,
    ComparePlan.binder,
    MetricsPlan.binder,
    ChangesPlan.binder,
    SlippedPlan.binder,
    JoinBinder.binder,
    AppendBinder.binder,
    PivotBinder.binder,
    GrowthVerb.binder,
    AttainmentVerb.binder,
    CoverageVerb.binder,
    CACVerb.binder,
    PaybackVerb.binder,
    LTVVerb.binder,
    ChurnVerb.binder,
    ConversionVerb.binder,
    ScorecardPlan.binder,
]

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
}

extension VerbPlan {
    public var sideInputs: [LogicalPlan] { [] }
    public func execute(_ input: Relation, sideInputs: [Relation], context: ExecutionContext) throws(Diagnostic) -> Relation {
        try execute(input, context: context)
    }
    public func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        try execute(input, sideInputs: [], context: context)
    }
    public var presentation: Presentation? { nil }
    public var usesStageOrder: Bool { false }
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

    /// A plan reading a catalog table, as of the query's day when it has one.
    public func scan(_ table: Table) -> LogicalPlan {
        .scan(TableScan(table: table, asOf: asOf.flatMap { AsOfRead.rebuilds(table) ? $0 : nil }))
    }
}

/// A verb the language knows: its name, one-line usage, definition text for `.help`, and its binder.
public struct VerbDefinition: Sendable {
    public var name: String
    public var usage: String
    public var definition: String
    public var bind: @Sendable (VerbBindingInput) throws(Diagnostic) -> any VerbPlan

    public init(name: String, usage: String, definition: String, bind: @escaping @Sendable (VerbBindingInput) throws(Diagnostic) -> any VerbPlan) {
        self.name = name
        self.usage = usage
        self.definition = definition
        self.bind = bind
    }
}

/// The verbs available to queries. Pipeline verbs register here; the core language does not change.
public enum VerbRegistry {
    /// All registered verbs, by name.
    public static let all: [String: VerbDefinition] = {
        var verbs: [String: VerbDefinition] = [:]
        for v in builtinVerbs { verbs[v.name] = v }
        return verbs
    }()

    /// What `.help VERB` shows: the usage line, then exactly how the verb computes its columns.
    public static func help(_ name: String) -> String? {
        if name.lowercased() == "asof" { return "usage: SOURCE asof DATE | …\n\n" + PipelineAsOf.definition }
        guard let verb = all[name.lowercased()] else { return nil }
        return "usage: " + verb.usage + "\n\n" + verb.definition
    }

    /// Every word a stage can start with: the core stage keywords, the aggregate functions, then the verbs (a verb
    /// that is also an aggregate, `winrate`, once). For completion and "did you mean".
    public static var stageWords: [String] {
        Parser.stageKeywords + AggregateFunction.names + all.keys.sorted().filter { !AggregateFunction.names.contains($0) }
    }

    /// Every verb's usage line, in registration order (for `.help` and completion).
    public static var usages: [String] { builtinVerbs.map(\.usage) }
}

/// The verbs compiled into pipeq. Pipeline verbs add themselves to this list.
let builtinVerbs: [VerbDefinition] = [
    WinRatePlan.definition,
    CyclePlan.definition,
    DealSizePlan.definition,
    VelocityPlan.definition,
    FunnelPlan.definition,
    StageTimePlan.definition,
    ForecastPlan.definition,
    AgingPlan.definition,
    StalledPlan.definition,
    BalancePlan.definition,
    ComparePlan.definition,
    MetricsPlan.definition,
    ChangesPlan.definition,
    JoinPlan.definition,
]

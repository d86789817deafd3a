/// What a stage word does: it decides how the parser reads the stage and what binds it.
public enum StageKind: String, Sendable, CaseIterable {
    /// A relational stage: where, select, extend, sort, top, limit, distinct.
    case core
    /// An aggregate function, starting a list of aggregates (`count, avg value by stage`).
    case aggregate
    /// A pipeline verb (winrate, funnel, …), bound by the engine's verb binder of the same word.
    case verb
    /// A drawing stage (bar, chart, spark): the last stage, saying how the result is drawn. Only the
    /// renderer draws; in CSV, JSON and Markdown the rows go out undrawn.
    case presentation

    /// "a core stage", "an aggregate", "a pipeline verb", "a drawing stage": for messages.
    public var withArticle: String {
        switch self {
        case .core: return "a core stage"
        case .aggregate: return "an aggregate"
        case .verb: return "a pipeline verb"
        case .presentation: return "a drawing stage"
        }
    }
}

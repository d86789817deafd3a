/// How a stage ends a deal, if it does.
public enum StageOutcome: String, Sendable {
    case open, won, lost
}

/// One pipeline stage: its place in the order, its outcome and default probability.
public struct StageDefinition: Sendable, Equatable {
    public var name: String
    public var outcome: StageOutcome
    /// Default win probability for deals in this stage (0…1), when known.
    public var probability: Double?
    /// Days in this stage after which an open deal counts as stalled ("rotting"), when set.
    public var rottingDays: Int?
    /// The pipeline the stage belongs to when the data has several (HubSpot's "Sales Pipeline"); nil when there is one.
    public var pipeline: String?
    /// The forecast category of open deals in this stage (`forecast_category` in pipeline.toml), when set.
    public var forecastCategory: ForecastCategory?

    public init(
        name: String, outcome: StageOutcome = .open, probability: Double? = nil, rottingDays: Int? = nil,
        pipeline: String? = nil
    ) {
        self.name = name
        self.pipeline = pipeline
        self.outcome = outcome
        self.probability = probability
        self.rottingDays = rottingDays
    }
}

/// The stages in force: their order, outcomes and probabilities, and where that came from.
public struct StageDefinitions: Sendable, Equatable {
    public var stages: [StageDefinition]
    /// Where the definitions came from, shown by `.stages` ("examples/pipeline.toml", "inferred from stage names").
    public var origin: String
    /// True when the order of the open stages was guessed (from common stage words or first appearance):
    /// every result that depends on it then carries a note saying so and how to fix it.
    public var isGuess = false

    public init(stages: [StageDefinition], origin: String) {
        self.stages = stages
        self.origin = origin
    }

    public static let empty = StageDefinitions(stages: [], origin: "none")

    public var order: [String] { stages.map(\.name) }

    /// What results that depend on a guessed stage order say under them.
    public var guessNote: String? {
        guard isGuess else { return nil }
        return "stage order guessed (\(origin.replacingOccurrences(of: "inferred: ", with: ""))): "
            + order.filter { outcome(of: $0) == .open }.joined(separator: " → ")
            + "; list the stages in order as [[stage]] entries in pipeline.toml beside the data to fix it"
    }

    public func definition(named name: String) -> StageDefinition? { stages.first { $0.name == name } }

    /// The outcome of a stage name: from the definitions, else from the name itself ("Closed Won", "Lost").
    public func outcome(of stage: String) -> StageOutcome {
        if let d = definition(named: stage) { return d.outcome }
        return Self.outcomeFromName(stage)
    }

    /// Won/lost from a stage's name: a word "won"/"win" or "lost"/"lose" anywhere in it, case-insensitive.
    public static func outcomeFromName(_ name: String) -> StageOutcome {
        let words = name.lowercased().split { !$0.isLetter }
        if words.contains(where: { $0 == "won" || $0 == "win" || $0 == "wins" }) { return .won }
        if words.contains(where: { $0 == "lost" || $0 == "lose" || $0 == "loss" }) { return .lost }
        return .open
    }
}

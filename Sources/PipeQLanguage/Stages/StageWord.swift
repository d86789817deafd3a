/// One word a pipeline stage can start with: its spellings, its kind, and what `.help` says about it.
public struct StageWord: Sendable, Equatable {
    /// The canonical spelling: what hints, completion and `.help` show.
    public let word: String
    /// Other spellings that mean the same (`filter` for `where`).
    public let aliases: [String]
    public let kind: StageKind
    /// A verb that is also an aggregate function (`winrate`): a stage starting with it alone is the verb; in a
    /// list of aggregates (`winrate, avg cycle by rep`, `rate = winrate`) it is the aggregate.
    public let isAlsoAggregate: Bool
    /// A family of words rather than one (`pN`: p0 … p100), matched by `StageTable.entry(for:)` and never
    /// offered by completion or hints.
    public let isFamily: Bool
    /// What a verb takes after its word (options, "by", operands); `.none` for other kinds.
    public let arguments: VerbArguments
    /// For a family, the members completion offers (`p90` for `pN`); empty otherwise.
    public let familyExamples: [String]
    /// One line: how the stage is written, e.g. `top N by EXPR [asc|desc], …`.
    public let usage: String
    /// What the stage computes, exactly.
    public let help: String

    public init(
        _ word: String, aliases: [String] = [], kind: StageKind, isAlsoAggregate: Bool = false,
        isFamily: Bool = false, familyExamples: [String] = [], arguments: VerbArguments = .none, usage: String,
        help: String
    ) {
        self.word = word
        self.aliases = aliases
        self.kind = kind
        self.isAlsoAggregate = isAlsoAggregate
        self.isFamily = isFamily
        self.familyExamples = familyExamples
        self.arguments = arguments
        self.usage = usage
        self.help = help
    }

    /// The word, then its aliases.
    public var spellings: [String] { [word] + aliases }

    /// Whether the word can stand in a list of aggregates.
    public var isAggregate: Bool { kind == .aggregate || isAlsoAggregate }

    /// What `.help WORD` prints: the usage line, the aliases, then the definition.
    public var helpText: String {
        var text = "usage: " + usage + "\n"
        if !aliases.isEmpty { text += "also written: " + aliases.joined(separator: ", ") + "\n" }
        return text + "\n" + help
    }
}

/// Every word a pipeline stage can start with, in one place: the parser dispatches on it, the binder names the
/// stages in its "unknown verb" hint from it, `.help` prints it, and completion offers it. The words themselves
/// are listed by kind in `StageTable+Core.swift`, `+Aggregates`, `+Verbs` and `+Presentation`.
public enum StageTable {
    /// The whole table, in the order hints and `.help` list it: core stages, aggregates, verbs, drawing stages.
    public static let all: [StageWord] = core + aggregates + verbs + presentation

    /// Each spelling (lower-cased) to its entry.
    private static let bySpelling: [String: StageWord] = {
        var map: [String: StageWord] = [:]
        for entry in all {
            for spelling in entry.spellings { map[spelling.lowercased()] = entry }
        }
        return map
    }()

    /// The entry a word means, ignoring case: a word, an alias, or a member of a family (`p90` → `pN`).
    public static func entry(for text: String) -> StageWord? {
        let lower = text.lowercased()
        if let entry = bySpelling[lower] { return entry }
        if percentile(lower) != nil { return bySpelling["pn"] }
        return nil
    }

    /// How a stage starting with `entry`'s word reads: its kind, except that a verb that is also an aggregate
    /// (`winrate`) starts a list of aggregates when a comma follows it.
    public static func reading(of entry: StageWord, followedByComma: Bool) -> StageKind {
        entry.isAlsoAggregate && followedByComma ? .aggregate : entry.kind
    }

    /// The words of one kind, in table order (families included: `pN` documents the percentiles).
    public static func words(_ kind: StageKind) -> [String] {
        all.filter { $0.kind == kind }.map(\.word)
    }

    /// Every word a stage can start with, without aliases and families: the "unknown verb" hint and completion.
    public static var stageWords: [String] {
        all.filter { !$0.isFamily }.map(\.word)
    }

    /// Every aggregate function's word (the verb `winrate` included), without families: the parser's hints.
    public static var aggregateWords: [String] {
        all.filter { $0.isAggregate && !$0.isFamily }.map(\.word)
    }

    /// What completion offers after "|": every stage word, with a family's examples in its place (`p90`).
    public static var completionWords: [String] {
        all.flatMap { $0.isFamily ? $0.familyExamples : [$0.word] }
    }

    /// What completion offers in a list of aggregates: every aggregate word, families by their examples.
    public static var aggregateCompletionWords: [String] {
        all.filter(\.isAggregate).flatMap { $0.isFamily ? $0.familyExamples : [$0.word] }
    }

    /// Every aggregate function's word, families included (`pN`): the parser's "expected an aggregate" message.
    public static var aggregateUsageWords: [String] {
        all.filter(\.isAggregate).map(\.word)
    }

    /// N of a percentile word `pN` (`p90` → 90, `p99.5` → 99.5), 0 … 100; nil for any other word.
    public static func percentile(_ text: String) -> Double? {
        let lower = text.lowercased()
        guard lower.count >= 2, lower.first == "p", let value = Double(lower.dropFirst()) else { return nil }
        return value >= 0 && value <= 100 ? value : nil
    }
}

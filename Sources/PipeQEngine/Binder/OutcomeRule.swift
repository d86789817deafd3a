import PipeQStorage

/// The one way pipeq decides whether a deal is open, won or lost. Verbs, the derived `cycle` column and the
/// `winrate` aggregate all read outcomes through it (bound as `BoundExpr.outcome`, or `OutcomeSource` in the
/// verbs that keep their own operator), each deciding once per dictionary entry, never per row.
///
/// A status column is read by its words: "won", "Won", "Closed Won" are won; "lost", "Closed Lost" are lost;
/// anything else (open, pending) is open. A stage column is read through the stage definitions, and a stage
/// they do not name by its words. A SQL compiler writes the rule out as a CASE over the column.
public enum OutcomeRule: Sendable, Equatable {
    /// A status column's words (`StageDefinitions.outcomeFromName`).
    case statusWords
    /// A stage column's names, through the stage definitions.
    case stages(StageDefinitions)

    /// The outcome of one value of the column.
    public func outcome(of value: String) -> StageOutcome {
        switch self {
        case .statusWords: return StageDefinitions.outcomeFromName(value)
        case .stages(let definitions): return definitions.outcome(of: value)
        }
    }

    /// What `outcome(column)` gives, in its sort order: a string column over exactly these three values.
    public static let labels = ["open", "won", "lost"]
    static let dictionary = StringDictionary(values: labels, order: labels)
    /// Indexes into `labels` (and the codes of `dictionary`).
    static let open: UInt8 = 0, won: UInt8 = 1, lost: UInt8 = 2

    /// The outcome of each entry of a column's dictionary, as an index into `labels`. After Ctrl-C the
    /// remaining entries read open (looked at every 16,384 entries): the executor discards the partial result.
    func codes(for dictionary: StringDictionary, cancellation: CancellationFlag? = nil) -> [UInt8] {
        var out = [UInt8](repeating: Self.open, count: dictionary.count)
        for (code, value) in dictionary.values.enumerated() {
            if cancellation?.shouldStop(code) == true { break }
            switch outcome(of: value) {
            case .open: out[code] = Self.open
            case .won: out[code] = Self.won
            case .lost: out[code] = Self.lost
            }
        }
        return out
    }

    /// The outcome of each row of the relation a schema describes: `outcome(status)` for the status column (a
    /// string), else `outcome(stage)` through the stage definitions; nil when the schema has neither.
    public static func classifier(in schema: RelationSchema, stages: StageDefinitions) -> BoundExpr? {
        if let i = schema.index(role: .status), schema.fields[i].type == .string {
            return .outcome(.column(i, .string), .statusWords)
        }
        if let i = schema.index(role: .stage), schema.fields[i].type == .string {
            return .outcome(.column(i, .string), .stages(stages))
        }
        return nil
    }
}

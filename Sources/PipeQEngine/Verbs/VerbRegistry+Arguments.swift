import PipeQLanguage

extension VerbRegistry {
    /// The periods "by" takes after a verb whose `VerbArguments.keys` is `.period` (forecast, balance): what
    /// `PeriodUnit` parses, for completion and the man page.
    public static var periodWords: [String] { PeriodUnit.allCases.map(\.rawValue) }

    /// Words verbs read among their arguments besides their stage-table options: join's kinds, pivot's "values",
    /// "for" before a period and forecast's "category" (for the shell's highlighting).
    public static var argumentWords: [String] {
        JoinKind.allCases.map(\.rawValue) + [PivotBinder.valuesWord, QuotaPeriod.word]
            + ForecastCategoryVerb.words.sorted()
    }
}

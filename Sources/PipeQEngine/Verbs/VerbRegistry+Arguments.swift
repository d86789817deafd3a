import PipeQLanguage

extension VerbRegistry {
    /// The periods "by" takes after a verb whose `VerbArguments.keys` is `.period` (forecast, balance): what
    /// `PeriodUnit` parses, for completion and the man page.
    public static var periodWords: [String] { PeriodUnit.allCases.map(\.rawValue) }
}

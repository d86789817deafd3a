import PipeQCore
import PipeQLanguage
import PipeQStorage

/// What cac, payback, ltv and churn group by: the source (a deal's lead source, the spend or revenue row's
/// channel) and a calendar period (month, quarter or year; `period` is a month), each at most once.
struct EconomicsKeys {
    var bySource = false
    var unit: PeriodUnit?

    static let sourceWords = ["source", "channel", "origin"]
    static let periodWords = ["month", "quarter", "year", "period"]

    /// The `by` list read as source and period words; a diagnostic for anything else, for a period when
    /// `periods` is false, or for any word before "by" (the verbs take no options).
    static func parse(_ input: VerbBindingInput, periods: Bool = true) throws(Diagnostic) -> EconomicsKeys {
        _ = try VerbSupport.options(input)
        var keys = EconomicsKeys()
        let allowed = sourceWords + (periods ? periodWords : [])
        for key in input.keys {
            guard key.name == nil, case .column(let word) = key.expr.kind else {
                throw refusal(input, key.expr.span, allowed, word: nil)
            }
            let lower = word.lowercased()
            if sourceWords.contains(lower), !keys.bySource {
                keys.bySource = true
            } else if periods, periodWords.contains(lower), keys.unit == nil {
                keys.unit = lower == "period" ? .month : PeriodUnit(rawValue: lower)
            } else {
                throw refusal(input, key.expr.span, allowed, word: word)
            }
        }
        return keys
    }

    private static func refusal(_ input: VerbBindingInput, _ span: SourceSpan, _ allowed: [String], word: String?)
        -> Diagnostic
    {
        Diagnostic(
            .bind, "\(input.name) groups by \(allowed.joined(separator: ", ")), each at most once", span: span,
            hint: word.flatMap { Suggestions.hint(for: $0, in: allowed) } ?? "usage: " + VerbSupport.usage(input.name))
    }

    /// The output name of the period key: the unit's word.
    var periodName: String? { unit?.rawValue }
}

extension PeriodUnit {
    /// Shorter periods first: week, month, quarter, year.
    var rank: Int { Self.allCases.firstIndex(of: self)! }
}

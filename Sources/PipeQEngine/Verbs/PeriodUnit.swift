import PipeQCore
import PipeQLanguage
import PipeQStorage

/// A calendar period for verbs that bucket by date (forecast, balance): weeks start on Monday.
public enum PeriodUnit: String, CaseIterable, Sendable {
    case week, month, quarter, year

    /// The period a `by` list names (`by month`), nil when there is no `by`; a diagnostic for anything else.
    static func parse(_ input: VerbBindingInput, default unit: PeriodUnit) throws(Diagnostic) -> PeriodUnit {
        guard let first = input.keys.first else { return unit }
        let names = allCases.map(\.rawValue)
        guard input.keys.count == 1, first.name == nil, case .column(let word) = first.expr.kind,
            let unit = PeriodUnit(rawValue: word.lowercased())
        else {
            let span = input.keys.count > 1 ? input.keys[1].expr.span : first.expr.span
            var hint = "usage: " + VerbSupport.usage(input.name)
            if input.keys.count == 1, case .column(let word) = first.expr.kind,
                let h = Suggestions.hint(for: word, in: names)
            {
                hint = h
            }
            throw Diagnostic(
                .bind, "\(input.name) groups by period: by \(names.joined(separator: ", "))", span: span, hint: hint)
        }
        return unit
    }

    /// The scalar function giving the start of a date's period (`week(d)`, `month(d)`, …), the same calendar.
    var function: ScalarFunction {
        switch self {
        case .week: return .week
        case .month: return .month
        case .quarter: return .quarter
        case .year: return .year
        }
    }

    /// A running number for the period holding `day` (consecutive periods differ by 1).
    func index(_ day: Int32) -> Int {
        let d = Int(day)
        switch self {
        case .week: return Int(CivilTime.floorDiv(Int64(d - CivilTime.weekday(days: d) - 4), 7))
        case .month:
            let (y, m, _) = CivilTime.civil(days: d)
            return y * 12 + m - 1
        case .quarter:
            let (y, m, _) = CivilTime.civil(days: d)
            return y * 4 + (m - 1) / 3
        case .year: return CivilTime.civil(days: d).year
        }
    }

    /// The first day of the period with this running number.
    func start(_ index: Int) -> Int32 {
        switch self {
        case .week: return Int32(index * 7 + 4)
        case .month:
            let y = Int(CivilTime.floorDiv(Int64(index), 12))
            return Int32(CivilTime.days(year: y, month: index - y * 12 + 1, day: 1))
        case .quarter:
            let y = Int(CivilTime.floorDiv(Int64(index), 4))
            return Int32(CivilTime.days(year: y, month: (index - y * 4) * 3 + 1, day: 1))
        case .year: return Int32(CivilTime.days(year: index, month: 1, day: 1))
        }
    }
}

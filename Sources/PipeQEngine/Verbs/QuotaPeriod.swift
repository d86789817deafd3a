import PipeQCore
import PipeQLanguage
import PipeQStorage

/// The period attainment, coverage and `forecast by category` are about: the days from `start` up to `end`
/// (exclusive), whole calendar months. Quarters and years are fiscal (pipeline.toml's `fiscal_year_start`; calendar
/// ones when it is January), named as `fiscal_quarter` names them: `2026-Q1`, `FY2026-Q1`; a fiscal year is named by
/// the calendar year it ends in.
struct QuotaPeriod: Equatable {
    /// The word before a period: `for 2026-Q1`.
    static let word = "for"

    /// The first month, as year × 12 + month − 1.
    var firstMonth: Int
    /// How many months it lasts.
    var months: Int
    var label: String

    var start: Int { Self.day(month: firstMonth) }
    var end: Int { Self.day(month: firstMonth + months) }
    /// One past the last month, as `firstMonth` counts.
    var endMonth: Int { firstMonth + months }

    static func day(month index: Int) -> Int {
        let year = Int(CivilTime.floorDiv(Int64(index), 12))
        return CivilTime.days(year: year, month: index - year * 12 + 1, day: 1)
    }

    static func monthIndex(day: Int) -> Int {
        let (y, m, _) = CivilTime.civil(days: day)
        return y * 12 + m - 1
    }

    /// The month, fiscal quarter or fiscal year holding a day.
    static func containing(day: Int, _ length: QuotaPeriodLength, fiscal: FiscalCalendar) -> QuotaPeriod {
        switch length {
        case .month: return month(monthIndex(day: day))
        case .quarter: return quarter(startingAt: monthIndex(day: fiscal.quarterStart(days: day)), fiscal: fiscal)
        case .year: return year(fiscal.year(days: day), fiscal: fiscal)
        }
    }

    static func month(_ index: Int) -> QuotaPeriod {
        let date = CivilTime.formatDate(day(month: index))
        return QuotaPeriod(firstMonth: index, months: 1, label: String(date.prefix(7)))
    }

    static func quarter(startingAt index: Int, fiscal: FiscalCalendar) -> QuotaPeriod {
        QuotaPeriod(firstMonth: index, months: 3, label: fiscal.quarterLabel(days: day(month: index)))
    }

    /// Fiscal year `year`: the one ending in that calendar year.
    static func year(_ year: Int, fiscal: FiscalCalendar) -> QuotaPeriod {
        let first = fiscal.startMonth == 1 ? year * 12 : (year - 1) * 12 + fiscal.startMonth - 1
        return QuotaPeriod(firstMonth: first, months: 12, label: fiscal.startMonth == 1 ? "\(year)" : "FY\(year)")
    }

    /// `2026`, `FY2026`, `2026-Q1`, `FY2026-Q1`, `2026-03`, or a date (the period of `length` holding it); nil for
    /// anything else.
    static func parse(_ text: String, _ length: QuotaPeriodLength, fiscal: FiscalCalendar) -> QuotaPeriod? {
        var rest = Substring(text.uppercased())
        let fy = rest.hasPrefix("FY")
        if fy { rest = rest.dropFirst(2) }
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText), year > 0 else { return nil }
        switch parts.count {
        case 1: return self.year(year, fiscal: fiscal)
        case 2 where parts[1].hasPrefix("Q"):
            guard parts[1].count == 2, let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            return quarter(startingAt: self.year(year, fiscal: fiscal).firstMonth + 3 * (q - 1), fiscal: fiscal)
        case 2:
            guard !fy, (1...2).contains(parts[1].count), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            return month(year * 12 + m - 1)
        case 3:
            guard !fy, let day = CivilTime.parseDate(String(text)) else { return nil }
            return containing(day: Int(day), length, fiscal: fiscal)
        default: return nil
        }
    }

    /// The period a verb's arguments name (`for PERIOD`), else the one of `length` holding the as-of date; any other
    /// argument is an error.
    static func read(_ input: VerbBindingInput, _ length: QuotaPeriodLength) throws(Diagnostic) -> QuotaPeriod {
        let fiscal = FiscalCalendar(startMonth: input.catalog.fiscalYearStart)
        let usage = "usage: " + VerbSupport.usage(input.name)
        var period: QuotaPeriod?
        var arguments = input.arguments[...]
        while let argument = arguments.popFirst() {
            guard case .word(let word, let span) = argument, word.lowercased() == Self.word,
                case .word(let text, let textSpan)? = arguments.first
            else {
                switch argument {
                case .word(let word, let span):
                    throw Diagnostic(.bind, "unknown option \"\(word)\" for \(input.name)", span: span, hint: usage)
                case .expr(let expr):
                    throw Diagnostic(
                        .bind, "\(input.name) does not take \"\(input.context.text(of: expr.span))\"",
                        span: expr.span, hint: usage)
                }
            }
            arguments.removeFirst()
            guard period == nil else {
                throw Diagnostic(
                    .bind, "\(input.name) takes one period", span: span.merged(with: textSpan), hint: usage)
            }
            guard let parsed = parse(text, length, fiscal: fiscal) else {
                let note =
                    fiscal.startMonth == 1
                    ? ""
                    : " (quarters and years are fiscal: FY2026 starts \(CivilTime.formatDate(year(2026, fiscal: fiscal).start)))"
                throw Diagnostic(
                    .bind, "unknown period \"\(text)\"", span: textSpan,
                    hint: "write a quarter (2026-Q1), a month (2026-03) or a year (2026)" + note)
            }
            period = parsed
        }
        return period ?? containing(day: Int(input.context.asOfDay), length, fiscal: fiscal)
    }

    /// `column >= start and column < end` for a date or datetime column.
    func contains(_ column: BoundExpr) -> BoundExpr {
        func bound(_ day: Int) -> BoundExpr {
            column.type == .date
                ? .constant(.date(Int32(day)), .date)
                : .constant(.timestamp(Int64(day) * CivilTime.microsPerDay), .timestamp)
        }
        return .and(.compare(.greaterEqual, column, bound(start)), .compare(.less, column, bound(end)))
    }
}

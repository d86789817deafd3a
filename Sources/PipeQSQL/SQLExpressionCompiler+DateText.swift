import PipeQCore
import PipeQEngine
import PipeQStorage

/// `date(text)` without a format: the text read as the loader reads a date column (`DateReader`, through
/// `TextValueReader.days`), null where it is no date. After trimming spaces, tabs and no-break spaces:
///
/// - an ISO datetime with `Z` or a UTC offset (`+HH:MM`, `+HHMM`, `+HH`, hours up to 18): the day in UTC;
/// - year first, `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` (which covers the ISO date and datetime without a zone);
/// - dots, `D.M.YYYY`, always day first;
/// - `A/B/YYYY` or `A-B-YYYY`, month or day first: day first when more of the column's distinct texts can only be
///   day first (`13/02/2025`) than can only be month first, else month first; a text that reads only one way
///   is read that way. The column's texts are counted in a subquery over the relation the expression reads (the
///   engine counts its dictionary's, which is the same texts unless a filter before dropped some);
///
/// each optionally followed by a time (`T` or a space, then `H:MM[:SS[.fff]]`, 24-hour or 1–12 with AM/PM). The
/// shapes are regular expressions (SQLite's `REGEXP`, so no `(?:` and no back references); the numbers are read
/// as `dateFromText` reads a format's fields.
extension SQLExpressionCompiler {
    func dateFromText(_ x: String, votingOver relation: String) -> String {
        let t = trimmed(x)
        let fields = numberFields(t)
        let a = fields[0]
        let b = fields[1]
        let c = fields[2]
        let monthFirst = validDate(c, a, b)
        let dayFirst = validDate(c, b, a)
        let ambiguous = matches(t, Self.ambiguous)
        // Whether the column reads day first: its own values' vote.
        let onlyDayFirst =
            "CASE WHEN \(ambiguous) THEN CASE WHEN \(monthFirst) IS NULL AND \(dayFirst) IS NOT NULL THEN \(x) END END"
        let onlyMonthFirst =
            "CASE WHEN \(ambiguous) THEN CASE WHEN \(dayFirst) IS NULL AND \(monthFirst) IS NOT NULL THEN \(x) END END"
        let readsDayFirst =
            "(SELECT count(DISTINCT \(onlyDayFirst)) > count(DISTINCT \(onlyMonthFirst)) FROM \(relation))"
        return "(CASE WHEN \(matches(t, Self.zoned)) THEN \(zonedDay(t))"
            + " WHEN \(matches(t, Self.yearFirst)) THEN \(validDate(a, b, c))"
            + " WHEN \(matches(t, Self.dayFirstWithDots)) THEN \(dayFirst)"
            + " WHEN \(ambiguous) THEN CASE WHEN \(readsDayFirst) THEN coalesce(\(dayFirst), \(monthFirst))"
            + " ELSE coalesce(\(monthFirst), \(dayFirst)) END END)"
    }

    /// A time after a date: `DateReader.timeOfDay`'s, hours 0–23, or 1–12 before AM/PM.
    static let time =
        "([ T](([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?|(0?[1-9]|1[0-2]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *[AaPp][Mm]))?"
    static let yearFirst =
        "^[0-9]{4}(/[0-9]{1,2}/[0-9]{1,2}|-[0-9]{1,2}-[0-9]{1,2}|\\.[0-9]{1,2}\\.[0-9]{1,2})\(time)$"
    static let dayFirstWithDots = "^[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}\(time)$"
    static let ambiguous = "^[0-9]{1,2}(/[0-9]{1,2}/|-[0-9]{1,2}-)[0-9]{4}\(time)$"
    /// `CivilTime.parseZonedTimestamp` with a zone written.
    static let zoned =
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?(Z|[-+](0[0-9]|1[0-8])(:?[0-5][0-9])?)$"

    /// The text without the spaces, tabs and no-break spaces around it (`NumberReader.trim`).
    private func trimmed(_ x: String) -> String {
        let char = dialect == .sqlite ? "char" : "chr"
        return "\(dialect == .postgres ? "btrim" : "trim")(\(x), ' ' || \(char)(9) || \(char)(160))"
    }

    private func matches(_ t: String, _ pattern: String) -> String {
        let p = dialect.string(pattern)
        switch dialect {
        case .postgres: return "(\(t) ~ \(p))"
        case .duckdb: return "regexp_full_match(\(t), \(p))"
        case .sqlite: return "(\(t) REGEXP \(p))"
        }
    }

    /// The first three numbers of a text shaped as above (the third read up to the time after it), as integers.
    private func numberFields(_ t: String) -> [String] {
        let pattern = dialect.string("^([0-9]+)[-/.]([0-9]+)[-/.]([0-9]+)")
        switch dialect {
        case .postgres: return (1...3).map { "CAST((regexp_match(\(t), \(pattern)))[\($0)] AS INTEGER)" }
        case .duckdb: return (1...3).map { "CAST(regexp_extract(\(t), \(pattern), \($0)) AS INTEGER)" }
        case .sqlite:
            // No captures: the separators become a JSON array's commas (SQLite reads "2025 10:00" as 2025).
            var array = t
            for separator in ["/", "-", "."] { array = "replace(\(array), '\(separator)', '\",\"')" }
            array = "('[\"' || \(array) || '\"]')"
            return (0..<3).map { "CAST(json_extract(\(array), '$[\($0)]') AS INTEGER)" }
        }
    }

    /// The UTC day of an ISO datetime with a zone: its date, a day earlier or later when the offset moves the
    /// time of day past midnight (seconds cannot: offsets are whole minutes).
    private func zonedDay(_ t: String) -> String {
        func part(_ start: Int, _ length: Int) -> String { "CAST(substr(\(t), \(start), \(length)) AS INTEGER)" }
        func last(_ n: Int) -> String { dialect == .sqlite ? "substr(\(t), -\(n))" : "right(\(t), \(n))" }
        func sign(_ n: Int) -> String { "(CASE WHEN substr(\(last(n)), 1, 1) = '-' THEN -1 ELSE 1 END)" }
        func isSign(_ n: Int) -> String { "substr(\(last(n)), 1, 1) IN ('+', '-')" }
        func number(_ n: Int, _ start: Int) -> String { "CAST(substr(\(last(n)), \(start), 2) AS INTEGER)" }
        // `CivilTime.utcOffset`'s reading, from the end: `+HH:MM`, `+HHMM`, `+HH`.
        let offset =
            "(CASE WHEN \(last(1)) = 'Z' THEN 0"
            + " WHEN \(isSign(6)) AND substr(\(last(3)), 1, 1) = ':' THEN \(sign(6)) * (\(number(6, 2)) * 60 + \(number(6, 5)))"
            + " WHEN \(isSign(5)) THEN \(sign(5)) * (\(number(5, 2)) * 60 + \(number(5, 4)))"
            + " ELSE \(sign(3)) * \(number(3, 2)) * 60 END)"
        let minutes = "(\(part(12, 2)) * 60 + \(part(15, 2)) - \(offset))"
        let shift = "(CASE WHEN \(minutes) < 0 THEN -1 WHEN \(minutes) >= 1440 THEN 1 ELSE 0 END)"
        return dialect.plusDays(validDate(part(1, 4), part(6, 2), part(9, 2)), shift, type: .date)
    }
}

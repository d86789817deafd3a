import PipeQCore
import PipeQEngine
import PipeQStorage

/// `date(text, "%d/%m/%Y")`: the text read with a strftime-style format as the loader's `DateFormat` reads it,
/// null where it does not match or is no calendar date. The format becomes a regular expression that checks the
/// whole text (hours, minutes and seconds in range, `%I` 1–12, a time after a date-only format) and captures the
/// year, month and day; the date is then built only when it exists (30 February is null, as in the engine).
/// SQLite has no captures: its `REGEXP` checks, and the fields are read as the pieces between the format's
/// separators (so there it needs a separator after each field and no spaces in the format).
extension SQLExpressionCompiler {
    func dateFromText(_ x: String, format text: String) throws(Diagnostic) -> String {
        guard case .success(let format) = DateFormat.parse(text) else {
            throw unsupported("date(text, \"\(text)\")", call: "date")
        }
        let capture = dialect != .sqlite
        let open = capture ? "(?:" : "("
        var pattern = "^"
        var fields: [DateFormat.Part] = []
        for part in format.parts {
            switch part {
            case .year4, .year2, .month, .day:
                fields.append(part)
                pattern += part == .year4 ? "([0-9]{4})" : part == .year2 ? "([0-9]{2})" : "([0-9]{1,2})"
            case .hour24: pattern += "\(open)[01]?[0-9]|2[0-3])"
            case .hour12: pattern += "\(open)0?[1-9]|1[0-2])"
            case .minute, .second: pattern += "[0-5][0-9]"
            case .meridiem: pattern += "[AaPp][Mm]"
            case .literal(let c):
                guard c < 0x80, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") || capture else {
                    throw unsupported("date(text, \"\(text)\")", call: "date")
                }
                let character = Character(Unicode.Scalar(c))
                if c == UInt8(ascii: " ") {
                    pattern += " +"
                } else {
                    pattern += ".^$|()[]{}*+?\\".contains(character) ? "\\\(character)" : String(character)
                }
            }
        }
        let hasTime = format.parts.contains { [.hour24, .hour12, .minute].contains($0) }
        if !hasTime {
            // A time after a date-only format (`DateReader.timeOfDay`): 24-hour, or 1–12 with AM/PM.
            let seconds = "\(open):[0-5][0-9]\(open)\\.[0-9]+)?)?"
            pattern +=
                "\(open)[ T]\(open)\(open)[01]?[0-9]|2[0-3]):[0-5][0-9]\(seconds)"
                + "|\(open)0?[1-9]|1[0-2]):[0-5][0-9]\(seconds) *[AaPp][Mm]))?"
        }
        pattern += "$"
        let value: (DateFormat.Part) throws(Diagnostic) -> String
        let matches: String
        switch dialect {
        case .postgres:
            let groups = "regexp_match(\(x), \(dialect.string(pattern)))"
            matches = "(\(groups) IS NOT NULL)"
            value = { part in "CAST((\(groups))[\(fields.firstIndex(of: part)! + 1)] AS INTEGER)" }
        case .duckdb:
            matches = "regexp_full_match(\(x), \(dialect.string(pattern)))"
            value = { part in
                "CAST(regexp_extract(\(x), \(dialect.string(pattern)), \(fields.firstIndex(of: part)! + 1)) AS INTEGER)"
            }
        case .sqlite:
            matches = "(\(x) REGEXP \(dialect.string(pattern)))"
            value = try sqliteFields(x, format, text)
        }
        var year = try value(fields.contains(.year4) ? .year4 : .year2)
        if !fields.contains(.year4) { year = "(CASE WHEN \(year) >= 69 THEN 1900 ELSE 2000 END + \(year))" }
        let date = validDate(year, try value(.month), try value(.day))
        return "(CASE WHEN \(matches) THEN \(date) END)"
    }

    /// SQLite: field i of the text, the format's separators turned into JSON array commas.
    private func sqliteFields(_ x: String, _ format: DateFormat, _ text: String) throws(Diagnostic)
        -> (DateFormat.Part) throws(Diagnostic) -> String
    {
        var separators: [Character] = []
        var index: [(part: DateFormat.Part, element: Int)] = []
        var element = 0
        var afterField = false
        for part in format.parts {
            if case .literal(let c) = part {
                guard c != UInt8(ascii: " ") else {
                    throw unsupported("date(text, \"\(text)\") (a space in the format)", call: "date")
                }
                let character = Character(Unicode.Scalar(c))
                if !separators.contains(character) { separators.append(character) }
                element += 1
                afterField = false
            } else {
                guard !afterField else {
                    throw unsupported("date(text, \"\(text)\") (fields without a separator between them)", call: "date")
                }
                index.append((part, element))
                afterField = true
            }
        }
        var array = x
        for separator in separators { array = "replace(\(array), \(dialect.string(String(separator))), '\",\"')" }
        array = "('[\"' || \(array) || '\"]')"
        let indices = index
        return { part in
            "CAST(json_extract(\(array), '$[\(indices.first { $0.part == part }!.element)]') AS INTEGER)"
        }
    }

    /// The date of a year, month and day (integers), null when there is no such day. (SQLite's `date()` takes any
    /// day up to 31 as written; with a modifier it counts, so 30 February comes back as 2 March and differs.)
    func validDate(_ y: String, _ m: String, _ d: String) -> String {
        switch dialect {
        case .sqlite:
            let iso = "printf('%04d-%02d-%02d', \(y), \(m), \(d))"
            return "(CASE WHEN date(\(iso), '+0 days') = \(iso) THEN \(iso) END)"
        case .duckdb:
            return "TRY_CAST(printf('%04d-%02d-%02d', \(y), \(m), \(d)) AS DATE)"
        case .postgres:
            let lastDay = "EXTRACT(DAY FROM make_date(\(y), \(m), 1) + INTERVAL '1 month' - INTERVAL '1 day')"
            return
                "(CASE WHEN \(y) >= 1 AND \(m) BETWEEN 1 AND 12 THEN CASE WHEN \(d) BETWEEN 1 AND \(lastDay) THEN make_date(\(y), \(m), \(d)) END END)"
        }
    }
}

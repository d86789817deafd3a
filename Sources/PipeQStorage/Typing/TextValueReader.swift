import PipeQCore

/// Text read as numbers, dates or true/false by the same rules the loader types CSV columns with (`NumberReader`,
/// `DateReader`, `DateFormat`), for the query casts `number(x)`, `int(x)`, `date(x[, format])`, `bool(x)`.
public enum TextValueReader {
    /// `"1,200.50"`, `"$1,200"`, `"12%"` (0.12), `"12,5"` (decimal comma when a point does not read); nil otherwise.
    public static func number(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { b in
            (NumberReader.read(b, decimal: NumberReader.period) ?? NumberReader.read(b, decimal: NumberReader.comma))?
                .value
        }
    }

    /// A whole number: integers exactly, other numbers rounded half away from zero; nil when not a number or too large.
    public static func integer(_ text: String) -> Int64? {
        var copy = text
        let read = copy.withUTF8 { b in
            NumberReader.read(b, decimal: NumberReader.period) ?? NumberReader.read(b, decimal: NumberReader.comma)
        }
        guard let read else { return nil }
        if let exact = read.exact { return exact }
        return rounded(read.value)
    }

    /// A double rounded half away from zero to an integer, nil when not finite or out of range.
    public static func rounded(_ v: Double) -> Int64? {
        let r = v.rounded(.toNearestOrAwayFromZero)
        return r.isFinite && Swift.abs(r) < 9.2e18 ? Int64(r) : nil
    }

    /// `true/false`, `yes/no`, `y/n`, `t/f`, `1/0`, `on/off` in any case; nil otherwise.
    public static func bool(_ text: String) -> Bool? {
        switch text.trimmingWhitespace.lowercased() {
        case "true", "yes", "y", "t", "1", "on": return true
        case "false", "no", "n", "f", "0", "off": return false
        default: return nil
        }
    }

    /// Each text's day (a datetime's date), nil where it is no date. Without a format, values that could be month
    /// or day first are read the way the texts' unambiguous values decide (`13/02/2025` → day first), month first
    /// when none decides, as the loader decides a column. `format` must be valid (`DateFormat.parse`).
    public static func days(_ texts: [String], format: String?) -> [Int32?] {
        func day(_ micros: Int64) -> Int32 { Int32(clamping: CivilTime.floorDiv(micros, CivilTime.microsPerDay)) }
        if let format, case .success(let parsed) = DateFormat.parse(format) {
            return texts.map { text in
                var copy = text
                return copy.withUTF8 { parsed.read($0) }.map { day($0.micros) }
            }
        }
        let values = texts.map { text -> DateReader.Value? in
            var copy = text
            return copy.withUTF8 { DateReader.read($0) }
        }
        var dayFirstVotes = 0
        var monthFirstVotes = 0
        for case let v? in values where v.decidesOrder {
            if v.dayFirst != nil { dayFirstVotes += 1 } else { monthFirstVotes += 1 }
        }
        let dayFirst = dayFirstVotes > monthFirstVotes
        return values.map { v in
            guard let v else { return nil }
            return (dayFirst ? v.dayFirst ?? v.monthFirst : v.monthFirst ?? v.dayFirst).map(day)
        }
    }
}

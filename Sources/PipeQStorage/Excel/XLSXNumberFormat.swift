/// Whether a cell's number format shows its number as a date, a time, or both.
///
/// Excel stores dates as numbers (days since its epoch, the time of day as the fraction); only the
/// format says a number is a date. Built-in formats go by id: 14–22 and 45–47 are dates and times in
/// every locale, 27–36 and 50–58 the East Asian date formats (written by id alone in those locales).
/// A format code is a date when its first section holds a date or time token — `d`, `m`, `y`, `h`,
/// `s` in either case — outside quoted text (`"Qty "0`), bracketed sections (`[Red]`, `[$-409]`,
/// `[$€-407]`, also the elapsed-time `[h]`), escaped characters (`\d`), and the two-character `_x`
/// (space as wide as x) and `*x` (fill with x). `AM/PM` and `A/P` are time markers. So `0.00%` and
/// `"$"#,##0` are numbers; `dd/mm/yyyy`, `m/d/yy h:mm AM/PM` and `[$-409]mmmm d, yyyy` are dates.
enum XLSXDateKind: UInt8, Sendable {
    /// Not a date: the number stays a number.
    case none
    /// A date format: whole days become `YYYY-MM-DD`, a value with a time of day a datetime.
    case date
    /// A date-and-time format: always `YYYY-MM-DD HH:MM:SS`.
    case dateTime
    /// A time-only format (`h:mm`, `mm:ss`): a value under one day becomes `HH:MM:SS`, others a datetime.
    case time

    /// The kind of built-in format `id` when the workbook does not define its code.
    static func builtIn(_ id: Int) -> XLSXDateKind {
        switch id {
        case 14...17, 27...31, 36, 50...58: return .date
        case 22: return .dateTime
        case 18...21, 32...35, 45...47: return .time
        default: return .none
        }
    }

    /// The kind of a format code (see the type's documentation).
    static func of(formatCode code: String) -> XLSXDateKind {
        let c = Array(code.utf8)
        var hasDate = false
        var hasTime = false
        var hasMonthOrMinute = false
        var i = 0
        scan: while i < c.count {
            let ch = c[i]
            switch ch {
            case UInt8(ascii: ";"):
                break scan
            case UInt8(ascii: "\""):
                i += 1
                while i < c.count && c[i] != UInt8(ascii: "\"") { i += 1 }
            case UInt8(ascii: "["):
                while i < c.count && c[i] != UInt8(ascii: "]") { i += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                i += 1
            case UInt8(ascii: "a"), UInt8(ascii: "A"):
                if matches(c, at: i, "am/pm") {
                    hasTime = true
                    i += 4
                } else if matches(c, at: i, "a/p") {
                    hasTime = true
                    i += 2
                }
            case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "y"), UInt8(ascii: "Y"):
                hasDate = true
            case UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "s"), UInt8(ascii: "S"):
                hasTime = true
            case UInt8(ascii: "m"), UInt8(ascii: "M"):
                hasMonthOrMinute = true
            default:
                break
            }
            i += 1
        }
        // An `m` with no hours or seconds about is a month (`mmm-yy`); beside them it is minutes.
        if hasMonthOrMinute && !hasTime { hasDate = true }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return .none
        }
    }

    private static func matches(_ c: [UInt8], at i: Int, _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= c.count else { return false }
        for k in 0..<w.count where c[i + k] | 0x20 != w[k] | 0x20 { return false }
        return true
    }
}

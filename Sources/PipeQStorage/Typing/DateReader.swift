import PipeQCore

/// Reads one text value as a date or datetime written the way locales and CRM exports write them:
///
/// - `M/D/YYYY` or `D/M/YYYY` (also with `-`), `D.M.YYYY` (dots are always day first), `YYYY/MM/DD`, `YYYY.MM.DD`;
/// - each optionally followed by a time `H:MM[:SS[.fff]]`, 24-hour or 12-hour with `AM`/`PM`;
/// - ISO dates and datetimes as the CSV reader takes them (`2024-03-05`, `2024-03-05T14:07:33.000Z`), and
///   ISO datetimes with a UTC offset (`+HH:MM`, `+HHMM`, `-HH`), converted to UTC (Salesforce's Data Loader
///   writes `2024-03-05T14:07:33.000+0000`).
///
/// A value whose first two parts could be either month or day gets both readings; `ColumnRetyper`
/// decides per column.
enum DateReader {
    /// Microseconds since 1970 under each reading that is a real calendar day; both equal for an unambiguous value.
    struct Value: Equatable {
        var monthFirst: Int64?
        var dayFirst: Int64?
        var hasTime: Bool
        /// The order is fixed by the shape (ISO, year first, dots).
        var isFixed: Bool
        /// The value carried `Z` or a UTC offset (`+0000`, `-05:00`) and was moved to UTC.
        var hadOffset: Bool
        /// The separator between the date's parts.
        var separator: UInt8

        /// True when exactly one of the two readings is a real day, so the value alone decides the order.
        var decidesOrder: Bool { !isFixed && (monthFirst == nil) != (dayFirst == nil) }
    }

    static func read(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        var lo = 0
        var hi = b.count
        NumberReader.trim(b, &lo, &hi)
        guard hi - lo >= 8 else { return nil }
        let v = UnsafeBufferPointer(rebasing: b[lo..<hi])
        if v.count == 10, let d = CivilTime.parseDate(v) {
            let micros = Int64(d) * CivilTime.microsPerDay
            return Value(
                monthFirst: micros, dayFirst: micros, hasTime: false, isFixed: true, hadOffset: false,
                separator: UInt8(ascii: "-"))
        }
        if let (micros, zoned) = isoTimestamp(v) {
            return Value(
                monthFirst: micros, dayFirst: micros, hasTime: true, isFixed: true, hadOffset: zoned,
                separator: UInt8(ascii: "-"))
        }
        return localDate(v)
    }

    /// An ISO datetime, optionally with `Z` or a UTC offset: microseconds in UTC, and whether a zone was written
    /// (the rule is `CivilTime.parseZonedTimestamp`'s, the CSV reader's own).
    static func isoTimestamp(_ v: UnsafeBufferPointer<UInt8>) -> (Int64, Bool)? {
        CivilTime.parseZonedTimestamp(v).map { ($0.micros, $0.zoned) }
    }

    /// `a SEP b SEP c [time]` with the year first or last.
    private static func localDate(_ v: UnsafeBufferPointer<UInt8>) -> Value? {
        var i = 0
        let n = v.count
        func number(maxDigits: Int) -> (Int, Int)? { digits(v, at: &i, maxDigits: maxDigits) }
        guard let (a, aDigits) = number(maxDigits: 4), i < n else { return nil }
        let separator = v[i]
        guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "-") else {
            return nil
        }
        i += 1
        guard let (b, bDigits) = number(maxDigits: 2), i < n, v[i] == separator else { return nil }
        i += 1
        let maxC = aDigits == 4 ? 2 : 4
        guard let (c, cDigits) = number(maxDigits: maxC) else { return nil }
        var monthFirst: Int64?
        var dayFirst: Int64?
        let isFixed: Bool
        func day(_ y: Int, _ m: Int, _ d: Int) -> Int64? {
            guard CivilTime.isValid(year: y, month: m, day: d) else { return nil }
            return Int64(CivilTime.days(year: y, month: m, day: d)) * CivilTime.microsPerDay
        }
        if aDigits == 4 {
            guard bDigits <= 2, cDigits <= 2, let d = day(a, b, c) else { return nil }
            monthFirst = d
            dayFirst = d
            isFixed = true
        } else {
            guard aDigits <= 2, cDigits == 4 else { return nil }
            if separator == UInt8(ascii: ".") {
                guard let d = day(c, b, a) else { return nil }
                monthFirst = d
                dayFirst = d
                isFixed = true
            } else {
                monthFirst = day(c, a, b)
                dayFirst = day(c, b, a)
                guard monthFirst != nil || dayFirst != nil else { return nil }
                isFixed = false
            }
        }
        var hasTime = false
        if i < n {
            guard v[i] == NumberReader.space || v[i] == UInt8(ascii: "T"), let time = timeOfDay(v, from: i + 1) else {
                return nil
            }
            hasTime = true
            monthFirst = monthFirst.map { $0 + time }
            dayFirst = dayFirst.map { $0 + time }
        }
        return Value(
            monthFirst: monthFirst, dayFirst: dayFirst, hasTime: hasTime, isFixed: isFixed, hadOffset: false,
            separator: separator)
    }

    /// Up to `maxDigits` ASCII digits at `i` (moving `i` past them): their value and how many; nil when none.
    private static func digits(_ v: UnsafeBufferPointer<UInt8>, at i: inout Int, maxDigits: Int) -> (Int, Int)? {
        let start = i
        var value = 0
        while i < v.count && i - start < maxDigits && v[i] &- 0x30 < 10 {
            value = value * 10 + Int(v[i] - 0x30)
            i += 1
        }
        return i > start ? (value, i - start) : nil
    }

    /// `H:MM[:SS[.fff]][ AM|PM]` from `start` to the end: microseconds since midnight.
    static func timeOfDay(_ v: UnsafeBufferPointer<UInt8>, from start: Int) -> Int64? {
        var i = start
        let n = v.count
        func number(_ maxDigits: Int) -> (Int, Int)? { digits(v, at: &i, maxDigits: maxDigits) }
        guard let (h, _) = number(2), i < n, v[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let (m, mDigits) = number(2), mDigits == 2, m < 60 else { return nil }
        var seconds = 0
        var micros: Int64 = 0
        if i < n && v[i] == UInt8(ascii: ":") {
            i += 1
            guard let (s, sDigits) = number(2), sDigits == 2, s < 60 else { return nil }
            seconds = s
            if i < n && v[i] == UInt8(ascii: ".") {
                i += 1
                var scale: Int64 = 100_000
                let s0 = i
                while i < n && v[i] &- 0x30 < 10 {
                    micros += Int64(v[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > s0 else { return nil }
            }
        }
        var hour = h
        var j = i
        while j < n && v[j] == NumberReader.space { j += 1 }
        if j + 2 == n, v[j] | 0x20 == UInt8(ascii: "a") || v[j] | 0x20 == UInt8(ascii: "p"),
            v[j + 1] | 0x20 == UInt8(ascii: "m")
        {
            guard (1...12).contains(h) else { return nil }
            let pm = v[j] | 0x20 == UInt8(ascii: "p")
            hour = h % 12 + (pm ? 12 : 0)
            i = n
        }
        guard i == n, hour < 24 else { return nil }
        return Int64(hour) * CivilTime.microsPerHour + Int64(m) * CivilTime.microsPerMinute
            + Int64(seconds) * CivilTime.microsPerSecond + micros
    }
}

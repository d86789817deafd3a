/// Calendar arithmetic on the proleptic Gregorian calendar, in UTC.
///
/// Dates are days since 1970-01-01 (`Int32`); timestamps and durations are microseconds (`Int64`).
public enum CivilTime {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerMinute: Int64 = 60 * microsPerSecond
    public static let microsPerHour: Int64 = 3_600 * microsPerSecond
    public static let microsPerDay: Int64 = 86_400 * microsPerSecond

    /// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    @inlinable
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    @inline(__always)
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// True when year/month/day name a real calendar day (rejects 2026-02-30, 0000-00-00).
    @inline(__always)  // once per parsed datetime: a call cost as much as the check
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
            && day <= daysInMonth(year: year, month: month)
    }

    /// Adds calendar months to a day number, clamping the day to the target month's length (Jan 31 + 1mo = Feb 28).
    public static func addMonths(_ months: Int, toDays days: Int) -> Int {
        let (y, m, d) = civil(days: days)
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return Self.days(year: ny, month: nm, day: min(d, daysInMonth(year: ny, month: nm)))
    }

    /// Adds calendar months to a timestamp, keeping the time of day.
    public static func addMonths(_ months: Int, toMicros micros: Int64) -> Int64 {
        let day = floorDiv(micros, microsPerDay)
        let timeOfDay = micros - day * microsPerDay
        return Int64(addMonths(months, toDays: Int(day))) * microsPerDay + timeOfDay
    }

    /// Floor division that rounds toward negative infinity.
    @inlinable
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// 0 = Monday … 6 = Sunday.
    public static func weekday(days: Int) -> Int {
        ((days % 7) + 7 + 3) % 7
    }

    /// ISO `YYYY-MM-DD`.
    public static func formatDate(_ days: Int) -> String {
        let (y, m, d) = civil(days: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// ISO `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    public static func formatTimestamp(_ micros: Int64) -> String {
        let day = floorDiv(micros, microsPerDay)
        var rest = micros - day * microsPerDay
        let h = rest / microsPerHour
        rest -= h * microsPerHour
        let m = rest / microsPerMinute
        rest -= m * microsPerMinute
        let s = rest / microsPerSecond
        rest -= s * microsPerSecond
        var text = formatDate(Int(day)) + " " + pad(Int(h), 2) + ":" + pad(Int(m), 2) + ":" + pad(Int(s), 2)
        if rest != 0 {
            var frac = pad(Int(rest), 6)
            while frac.hasSuffix("0") { frac.removeLast() }
            text += "." + frac
        }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Parses `YYYY-MM-DD` from bytes; nil if not exactly that shape or not a real day.
    public static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        DateParser.shared.parse(bytes)
    }

    /// `parseDate` with its month table at hand: the day numbers of the first of each month and the month
    /// lengths, 1900-01 … 2199-12. Loading parses every cell of a date column; it takes `shared` once per batch
    /// (each read of a `static let` is a `swift_once` call) and then pays two table lookups per date, no
    /// calendar arithmetic.
    public struct DateParser: Sendable {
        public static let shared = DateParser()
        /// The years the table covers (constants, not `static let`s, so reading them costs nothing).
        @inlinable static var firstYear: Int { 1900 }
        @inlinable static var years: Int { 300 }
        @usableFromInline let starts: [Int32]
        @usableFromInline let lengths: [UInt8]

        init() {
            var starts: [Int32] = []
            var lengths: [UInt8] = []
            for k in 0..<(Self.years * 12) {
                let year = Self.firstYear + k / 12
                let month = k % 12 + 1
                starts.append(Int32(CivilTime.days(year: year, month: month, day: 1)))
                lengths.append(UInt8(CivilTime.daysInMonth(year: year, month: month)))
            }
            self.starts = starts
            self.lengths = lengths
        }

        /// Parses `YYYY-MM-DD` from bytes; nil if not exactly that shape or not a real day.
        @inlinable
        public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
            guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
            guard let y = CivilTime.digits(bytes, 0, 4), let m = CivilTime.digits(bytes, 5, 2),
                let d = CivilTime.digits(bytes, 8, 2)
            else { return nil }
            if y >= Self.firstYear && y < Self.firstYear + Self.years && m >= 1 && m <= 12 {
                let k = (y - Self.firstYear) * 12 + m - 1
                guard d >= 1 && d <= Int(lengths[k]) else { return nil }
                return starts[k] &+ Int32(d - 1)
            }
            guard CivilTime.isValid(year: y, month: m, day: d) else { return nil }
            return Int32(CivilTime.days(year: y, month: m, day: d))
        }
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM[:SS[.f…]]`, optionally followed by a time zone, into microseconds (see
    /// `parseZonedTimestamp`).
    public static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        parseZonedTimestamp(bytes)?.micros
    }

    /// The one time-zone rule, used by the CSV reader, the text-column retyper and query literals: a datetime
    /// written with `Z` or a UTC offset (`+HH:MM`, `+HHMM`, `+HH`, or `-`) is converted to UTC (`zoned`); one
    /// without is taken as written (the wall time of the export). Timestamps carry no zone of their own. Nil when
    /// not exactly that shape, not a real day and time, or when the conversion leaves years 1–9999.
    public static func parseZonedTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> (micros: Int64, zoned: Bool)? {
        let n = bytes.count
        guard n >= 16, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20 || bytes[10] == 0x54, bytes[13] == 0x3A
        else { return nil }
        guard let y = digits(bytes, 0, 4), let mo = digits(bytes, 5, 2), let d = digits(bytes, 8, 2),
            isValid(year: y, month: mo, day: d),
            let h = digits(bytes, 11, 2), let mi = digits(bytes, 14, 2), h < 24, mi < 60
        else { return nil }
        var end = n
        var zoned = false
        var offsetMinutes = 0
        if bytes[end - 1] == 0x5A {  // trailing Z
            end -= 1
            zoned = true
        } else if n > 16, let (length, minutes) = utcOffset(bytes) {
            end -= length
            zoned = true
            offsetMinutes = minutes
        }
        var seconds = 0
        var micros: Int64 = 0
        var i = 16
        if i < end {
            guard bytes[i] == 0x3A, end >= i + 3, let s = digits(bytes, i + 1, 2), s < 60 else { return nil }
            seconds = s
            i += 3
            if i < end {
                guard bytes[i] == 0x2E, i + 1 < end else { return nil }
                i += 1
                var scale: Int64 = 100_000
                while i < end {
                    let c = bytes[i]
                    guard c >= 0x30 && c <= 0x39 else { return nil }
                    micros += Int64(c - 0x30) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        guard i == end else { return nil }
        let day = Int64(days(year: y, month: mo, day: d))
        let t =
            day * microsPerDay + Int64(h) * microsPerHour + Int64(mi) * microsPerMinute + Int64(seconds)
            * microsPerSecond + micros
        guard offsetMinutes != 0 else { return (t, zoned) }
        let utc = t - Int64(offsetMinutes) * microsPerMinute
        guard utc >= firstMicros && utc < endMicros else { return nil }
        return (utc, zoned)
    }

    /// 0001-01-01 00:00 and 10000-01-01 00:00 in microseconds: the datetimes pipeq reads and writes lie between.
    public static let firstMicros = Int64(days(year: 1, month: 1, day: 1)) * microsPerDay
    public static let endMicros = Int64(days(year: 10_000, month: 1, day: 1)) * microsPerDay

    /// A UTC offset ending `bytes` after the minutes (index 16 on): its length and minutes east of UTC. A value
    /// without one costs three byte compares (no sign where an offset's would be).
    @inline(__always)
    private static func utcOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        let n = bytes.count
        @inline(__always) func isSign(_ k: Int) -> Bool { k >= 16 && (bytes[k] == 0x2B || bytes[k] == 0x2D) }
        let k: Int
        let length: Int
        if isSign(n - 6) && bytes[n - 3] == 0x3A {
            (k, length) = (n - 6, 6)
        }  // +HH:MM
        else if isSign(n - 5) {
            (k, length) = (n - 5, 5)
        }  // +HHMM
        else if isSign(n - 3) {
            (k, length) = (n - 3, 3)
        }  // +HH
        else {
            return nil
        }
        guard let hours = digits(bytes, k + 1, 2), hours <= 18 else { return nil }
        var minutes = 0
        if length == 6 {
            guard let m = digits(bytes, k + 4, 2) else { return nil }
            minutes = m
        } else if length == 5 {
            guard let m = digits(bytes, k + 3, 2) else { return nil }
            minutes = m
        }
        guard minutes < 60 else { return nil }
        return (length, (bytes[k] == 0x2D ? -1 : 1) * (hours * 60 + minutes))
    }

    public static func parseDate(_ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { parseDate($0) }
    }

    public static func parseTimestamp(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseTimestamp($0) }
    }

    @inlinable @inline(__always)
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var value = 0
        for k in at..<(at + count) {
            let c = bytes[k]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }
}

import PipeQCore

/// A strftime-style date format for `--date-format` and `date_format =` in pipeline.toml:
/// `%Y` (four-digit year), `%y` (two digits: 69–99 → 19xx, else 20xx), `%m` and `%d` (one or two digits),
/// `%H` (0–23), `%I` (1–12, with `%p`), `%M`, `%S`, `%p` (`AM`/`PM`, any case), `%%`; any other character
/// stands for itself, a space for one or more spaces. When the format has no time, a value may still
/// carry one after the date (`5/1/2024 9:12 AM` with `%m/%d/%Y`).
public struct DateFormat: Sendable, Equatable {
    public enum Part: Equatable, Sendable {
        case year4, year2, month, day, hour24, hour12, minute, second, meridiem
        case literal(UInt8)
    }

    public let parts: [Part]
    public let text: String
    var hasTime: Bool { parts.contains { [.hour24, .hour12, .minute].contains($0) } }

    /// The format, or a message saying what is wrong with it.
    public static func parse(_ text: String) -> Result<DateFormat, FormatError> {
        var parts: [Part] = []
        var bytes = Array(text.utf8)[...]
        while let c = bytes.popFirst() {
            guard c == UInt8(ascii: "%") else {
                parts.append(.literal(c))
                continue
            }
            guard let d = bytes.popFirst() else { return .failure(FormatError("\"\(text)\" ends with a lone %")) }
            switch d {
            case UInt8(ascii: "Y"): parts.append(.year4)
            case UInt8(ascii: "y"): parts.append(.year2)
            case UInt8(ascii: "m"): parts.append(.month)
            case UInt8(ascii: "d"), UInt8(ascii: "e"): parts.append(.day)
            case UInt8(ascii: "H"): parts.append(.hour24)
            case UInt8(ascii: "I"): parts.append(.hour12)
            case UInt8(ascii: "M"): parts.append(.minute)
            case UInt8(ascii: "S"): parts.append(.second)
            case UInt8(ascii: "p"): parts.append(.meridiem)
            case UInt8(ascii: "%"): parts.append(.literal(d))
            default:
                return .failure(
                    FormatError(
                        "unknown directive %\(Character(Unicode.Scalar(d))) in date format \"\(text)\"",
                        hint: "use %Y %y %m %d %H %I %M %S %p, e.g. %m/%d/%Y or %d.%m.%Y %H:%M"))
            }
        }
        let has = { (p: Part) in parts.contains(p) }
        guard has(.year4) || has(.year2), has(.month), has(.day) else {
            return .failure(
                FormatError(
                    "date format \"\(text)\" needs a year (%Y), a month (%m) and a day (%d)",
                    hint: "e.g. %m/%d/%Y or %d.%m.%Y"))
        }
        guard has(.hour12) == has(.meridiem) else {
            return .failure(
                FormatError(
                    "date format \"\(text)\": %I (12-hour) and %p (AM/PM) go together",
                    hint: "e.g. %m/%d/%Y %I:%M %p, or %H for 24-hour times"))
        }
        return .success(DateFormat(parts: parts, text: text))
    }

    public struct FormatError: Error, Sendable {
        public var message: String
        public var hint: String?
        init(_ message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }
    }

    /// Microseconds since 1970 and whether a time was read; nil when `b` does not match.
    func read(_ b: UnsafeBufferPointer<UInt8>) -> (micros: Int64, hasTime: Bool)? {
        var i = 0
        let n = b.count
        var year = 0
        var month = 0
        var day = 0
        var hour = 0
        var minute = 0
        var second = 0
        var pm: Bool?
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int? {
            let s = i
            var value = 0
            while i < n && i - s < maxDigits && b[i] &- 0x30 < 10 {
                value = value * 10 + Int(b[i] - 0x30)
                i += 1
            }
            return i - s >= minDigits ? value : nil
        }
        for part in parts {
            switch part {
            case .year4:
                guard let y = number(4, 4) else { return nil }
                year = y
            case .year2:
                guard let y = number(2, 2) else { return nil }
                year = y >= 69 ? 1900 + y : 2000 + y
            case .month:
                guard let m = number(1, 2) else { return nil }
                month = m
            case .day:
                guard let d = number(1, 2) else { return nil }
                day = d
            case .hour24, .hour12:
                guard let h = number(1, 2) else { return nil }
                hour = h
            case .minute:
                guard let m = number(2, 2), m < 60 else { return nil }
                minute = m
            case .second:
                guard let s = number(2, 2), s < 60 else { return nil }
                second = s
            case .meridiem:
                guard i + 1 < n, b[i + 1] | 0x20 == UInt8(ascii: "m") else { return nil }
                switch b[i] | 0x20 {
                case UInt8(ascii: "a"): pm = false
                case UInt8(ascii: "p"): pm = true
                default: return nil
                }
                i += 2
            case .literal(let c):
                guard i < n, b[i] == c else { return nil }
                i += 1
                if c == NumberReader.space { while i < n && b[i] == NumberReader.space { i += 1 } }
            }
        }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard hour < 24, CivilTime.isValid(year: year, month: month, day: day) else { return nil }
        var micros =
            Int64(CivilTime.days(year: year, month: month, day: day)) * CivilTime.microsPerDay
            + Int64(hour) * CivilTime.microsPerHour + Int64(minute) * CivilTime.microsPerMinute + Int64(second)
            * CivilTime.microsPerSecond
        var hasTime = hasTime
        if i < n {
            // A time after a date-only format.
            guard !hasTime, b[i] == NumberReader.space || b[i] == UInt8(ascii: "T"),
                let time = DateReader.timeOfDay(b, from: i + 1)
            else { return nil }
            micros += time
            hasTime = true
        }
        return (micros, hasTime)
    }
}

import PipeQCore

/// A date-entered or date-exited column as instants: microseconds since 1970 and a null bitmap.
struct HubSpotTimes: Sendable {
    var micros: [Int64]
    var nulls: NullBitmap?
    /// True when every value came from a date without a time of day.
    var isDateOnly: Bool

    func isNull(_ row: Int) -> Bool { nulls?.isNull(row) ?? false }

    /// Epoch milliseconds below this are not HubSpot timestamps (1973-03-03), so an integer column holding
    /// smaller values is not read as one.
    private static let smallestEpochMillis: Int64 = 100_000_000_000
    private static let largestEpochMillis: Int64 = 10_000_000_000_000

    /// The column's values as instants: datetimes and dates as the loader typed them, integers as epoch
    /// milliseconds (the API's form), text parsed once per dictionary entry (`YYYY-MM-DD[ HH:MM[:SS]]`; an entry
    /// that does not parse is null). Nil for other types, and for an integer or text column no value of which
    /// is a time.
    init?(_ column: Column) {
        let count = column.count
        switch column.values {
        case .timestamp(let v):
            self.init(micros: v, nulls: column.nulls, isDateOnly: false)
        case .date(let v):
            self.init(micros: v.map { Int64($0) &* CivilTime.microsPerDay }, nulls: column.nulls, isDateOnly: true)
        case .int(let v):
            var plausible = true
            for i in 0..<count
            where !column.isNull(i) && !(Self.smallestEpochMillis..<Self.largestEpochMillis).contains(v[i]) {
                plausible = false
                break
            }
            guard plausible, column.nullCount < count else { return nil }
            self.init(micros: v.map { $0 &* 1000 }, nulls: column.nulls, isDateOnly: false)
        case .string(let codes, let dictionary):
            if column.nullCount == count {
                self.init(micros: [Int64](repeating: 0, count: count), nulls: column.nulls, isDateOnly: true)
                return
            }
            var dateOnly = true
            let parsed: [Int64?] = dictionary.values.map { text in
                let trimmed = String(text.trimmingWhitespace)
                if let day = CivilTime.parseDate(trimmed) { return Int64(day) &* CivilTime.microsPerDay }
                if let instant = CivilTime.parseTimestamp(trimmed) {
                    dateOnly = false
                    return instant
                }
                return nil
            }
            guard parsed.contains(where: { $0 != nil }) else { return nil }
            let table = parsed.map { $0 ?? 0 }
            let unparsed = parsed.map { $0 == nil }
            let nulls = NullBitmap.from(count: count) { column.isNull($0) || unparsed[Int(codes[$0])] }
            self.init(micros: codes.lookup(table), nulls: nulls, isDateOnly: dateOnly)
        default:
            return nil
        }
    }

    init(micros: [Int64], nulls: NullBitmap?, isDateOnly: Bool) {
        self.micros = micros
        self.nulls = (nulls?.hasNulls ?? false) ? nulls : nil
        self.isDateOnly = isDateOnly
    }
}

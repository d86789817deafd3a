import PipeQCore

/// Typed columns built by the export adapters from per-row values they computed.
enum ImportColumns {
    /// Microseconds, nil = null.
    static func timestamps(_ values: [Int64?]) -> Column {
        Column(.timestamp(values.map { $0 ?? 0 }), nulls: NullBitmap.from(count: values.count) { values[$0] == nil })
    }

    static func dates(_ values: [Int32?]) -> Column {
        Column(.date(values.map { $0 ?? 0 }), nulls: NullBitmap.from(count: values.count) { values[$0] == nil })
    }

    static func numbers(_ values: [Double?]) -> Column {
        Column(.double(values.map { $0 ?? 0 }), nulls: NullBitmap.from(count: values.count) { values[$0] == nil })
    }

    static func integers(_ values: [Int64?]) -> Column {
        Column(.int(values.map { $0 ?? 0 }), nulls: NullBitmap.from(count: values.count) { values[$0] == nil })
    }

    /// Dictionary codes over `dictionary` (`TextCodes.none` = null).
    static func strings(codes: [UInt32], dictionary: [String]) -> Column {
        let nulls = NullBitmap.from(count: codes.count) { codes[$0] == TextCodes.none }
        let safe = nulls == nil ? codes : codes.map { $0 == TextCodes.none ? 0 : $0 }
        return Column(
            .string(codes: safe, StringDictionary(values: dictionary.isEmpty ? [""] : dictionary)), nulls: nulls)
    }

    /// Strings, interned; nil = null.
    static func strings(_ values: [String?]) -> Column {
        var builder = StringDictionaryBuilder()
        let codes = values.map { $0.map { builder.code(for: $0) } ?? TextCodes.none }
        return strings(codes: codes, dictionary: builder.values)
    }

    /// A temporal column's value at `row` in microseconds (dates at midnight); nil when null or not temporal.
    static func micros(_ column: Column, _ row: Int) -> Int64? {
        if column.isNull(row) { return nil }
        switch column.values {
        case .timestamp(let v): return v[row]
        case .date(let v): return Int64(v[row]) * CivilTime.microsPerDay
        default: return nil
        }
    }

    /// A whole temporal column in microseconds, nulls as whatever the column holds there (for ordering rows of
    /// dates and datetimes alike; callers check nulls themselves); nil when the column is not temporal.
    static func rawMicros(_ column: Column) -> [Int64]? {
        switch column.values {
        case .timestamp(let values): return values
        case .date(let days): return days.map { Int64($0) * CivilTime.microsPerDay }
        default: return nil
        }
    }

    /// A whole temporal column in microseconds (nil where null); nil when the column is not temporal.
    static func micros(_ column: Column) -> [Int64?]? {
        guard column.type.isTemporal else { return nil }
        return (0..<column.count).map { micros(column, $0) }
    }
}

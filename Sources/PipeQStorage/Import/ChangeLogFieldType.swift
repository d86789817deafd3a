import Foundation
import PipeQCore

/// How a change log's field is typed in the deals table, decided from its key as Pipedrive names fields:
/// `*_time` datetimes, `*_date` dates, `value`/`probability` numbers, `*_id` integers, `status` lower-cased,
/// option fields (listed in the fields table) their labels, anything else text.
enum ChangeLogFieldType: Equatable {
    case timestamp, date, number, integer, status
    /// Text; values found in `labels` (option id → label) become the label.
    case text(labels: [String: String])

    static func of(key: String, options: [(id: String, label: String)]?) -> ChangeLogFieldType {
        let k = key.lowercased()
        if k == "status" { return .status }
        if k.hasSuffix("_time") || k == "time" { return .timestamp }
        if k.hasSuffix("_date") || k == "date" { return .date }
        if ["value", "probability", "weighted_value", "amount"].contains(k) { return .number }
        if k.hasSuffix("_id") || k == "id" { return .integer }
        var labels: [String: String] = [:]
        for option in options ?? [] where labels[option.id] == nil { labels[option.id] = option.label }
        return .text(labels: labels)
    }

    /// The column of field values for the given rows of the log (-1 = never changed: null). A typed field whose
    /// values do not all parse stays text, so nothing logged is lost.
    func column(rows: [Int32], values: TextCodes) -> Column {
        // Each distinct text is parsed once (`slot`: its place in `parsedValues`, -1 = not yet).
        func parsed<T>(_ parse: (String) -> T?) -> [T?]? {
            var slot = [Int32](repeating: -1, count: values.strings.count)
            var parsedValues: [T] = []
            var out = [T?](repeating: nil, count: rows.count)
            for (i, row) in rows.enumerated() where row >= 0 {
                let code = Int(values.codes[Int(row)])
                if code == Int(TextCodes.none) { continue }
                if slot[code] >= 0 {
                    out[i] = parsedValues[Int(slot[code])]
                    continue
                }
                guard let value = parse(values.strings[code]) else { return nil }
                slot[code] = Int32(parsedValues.count)
                parsedValues.append(value)
                out[i] = value
            }
            return out
        }
        switch self {
        case .timestamp:
            if let v = parsed(Self.parseInstant) { return ImportColumns.timestamps(v) }
        case .date:
            if let v = parsed(CivilTime.parseDate) { return ImportColumns.dates(v) }
            if let v = parsed(Self.parseInstant) { return ImportColumns.timestamps(v) }
        case .number:
            if let v = parsed({ Double($0.trimmingCharacters(in: .whitespaces)) }) { return ImportColumns.numbers(v) }
        case .integer:
            if let v = parsed({ Int64($0.trimmingCharacters(in: .whitespaces)) }) { return ImportColumns.integers(v) }
        case .status:
            return ImportColumns.strings(rows.map { $0 < 0 ? nil : values.text(Int($0))?.lowercased() })
        case .text(let labels):
            return ImportColumns.strings(
                rows.map { row in
                    guard row >= 0, let text = values.text(Int(row)) else { return nil }
                    return labels[text] ?? text
                })
        }
        return ImportColumns.strings(rows.map { $0 < 0 ? nil : values.text(Int($0)) })
    }

    /// A datetime (`2024-04-09T21:32:09`, `2024-04-09 21:32:09`) or a date at midnight.
    static func parseInstant(_ text: String) -> Int64? {
        CivilTime.parseTimestamp(text) ?? CivilTime.parseDate(text).map { Int64($0) * CivilTime.microsPerDay }
    }
}

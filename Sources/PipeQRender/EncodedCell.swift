import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage

/// How a cell with a `CellEncoding` reads for people: a sparkline, a percentage, percentage points, n decimals, a
/// quarter label.
/// Tables, charts and the HTML report use it (through `CellText`); CSV, JSON and Markdown write the values.
enum EncodedCell {
    /// The drawn cell, or nil for a plain value (no encoding, or null).
    static func human(_ value: Scalar, _ encoding: CellEncoding?, unicode: Bool) -> String? {
        guard let encoding, !value.isNull else { return nil }
        switch (encoding, value) {
        case (.monthlyCounts, .string(let text)): return Sparkline.counts(text, unicode: unicode)
        case (.series, .string(let text)): return Sparkline.series(text, unicode: unicode)
        case (.rate, _):
            guard let v = value.asDouble, v.isFinite else { return nil }
            let text = String(format: "%.1f%%", v * 100)
            return text == "-0.0%" ? "0.0%" : text
        case (.points, _):
            guard let v = value.asDouble, v.isFinite else { return nil }
            let text = String(format: "%+.1f pp", v * 100)
            return text == "-0.0 pp" || text == "+0.0 pp" ? "0.0 pp" : text
        case (.decimals(let n), _):
            guard let v = value.asDouble, v.isFinite else { return nil }
            return ValueFormatter.decimal(v, places: max(0, n))
        case (.wholeNumber, _):
            guard let v = value.asDouble, v.isFinite, v.rounded() == v, abs(v) < 9e15 else { return nil }
            return ValueFormatter.human(.int(Int64(v)))
        case (.quarter(let firstMonth), .date(let d)):
            return FiscalCalendar(startMonth: firstMonth).quarterLabel(days: Int(d))
        default: return nil
        }
    }
}

/// Every cell of a result as people read it: the column's encoding (a `byRow` one resolved by the row's key),
/// identifiers without thousands separators, one duration unit per column, else `ValueFormatter.human`.
struct CellText {
    let result: QueryResult
    let unicode: Bool
    /// False for Markdown, which writes a sparkline's counts as text.
    let drawsSparklines: Bool
    private let encodings: [CellEncoding?]
    private let keys: [Int?]
    private let plain: [Bool]
    private let durationUnits: [Int64?]
    /// Columns whose nulls show as empty cells (a pivot's missing combinations).
    private let blankNulls: [Bool]

    init(_ result: QueryResult, unicode: Bool, drawsSparklines: Bool = true) {
        self.result = result
        self.unicode = unicode
        self.drawsSparklines = drawsSparklines
        let fields = result.relation.fields
        encodings = fields.map(\.info.encoding)
        blankNulls = fields.map(\.info.blankNulls)
        keys = fields.map { field in
            if case .byRow(let key, _)? = field.info.encoding { return fields.firstIndex { $0.name == key } }
            return nil
        }
        plain = fields.map(TableRenderer.isIdentifierLike)
        durationUnits = fields.map { field in
            guard field.type == .duration, case .duration(let micros) = field.column.values else { return nil }
            return ValueFormatter.durationUnit(micros, nulls: field.column.nulls)
        }
    }

    func human(row: Int, column: Int) -> String {
        let value = result.value(row: row, column: column)
        if blankNulls[column], value.isNull { return "" }
        var encoding = encodings[column]
        if case .byRow(_, let rules)? = encoding {
            encoding = nil
            if let key = keys[column], case .string(let text) = result.value(row: row, column: key) {
                encoding = rules.first { $0.matches(text) }?.encoding
            }
        }
        if encoding == .monthlyCounts || encoding == .series, !drawsSparklines { encoding = nil }
        if let drawn = EncodedCell.human(value, encoding, unicode: unicode) { return drawn }
        if plain[column], !value.isNull { return ValueFormatter.plain(value) }
        if let unit = durationUnits[column], case .duration(let micros) = value {
            return ValueFormatter.duration(micros, unit: unit)
        }
        return ValueFormatter.human(value)
    }
}

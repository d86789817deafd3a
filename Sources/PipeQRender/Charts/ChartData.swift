import PipeQCore
import PipeQEngine
import PipeQStorage

/// The series a chart draws: one label and one value per row, taken from a result.
struct ChartData {
    var labelTitle: String
    var valueTitle: String
    var labels: [String]
    /// Nil for a null value (drawn as a labelled gap).
    var values: [Double?]
    /// The value as the table would print it ("9,497,246.14", "34d").
    var valueTexts: [String]
    /// When labels are period-start dates: their day numbers (for gap detection on time axes).
    var dates: [Int32]?

    /// Labels come from the non-numeric fields (joined with " · "), the value from `value` or the first
    /// number or duration field. Durations are drawn in days.
    init(_ result: QueryResult, value: Int?) throws(Diagnostic) {
        let fields = result.relation.fields
        // Identifiers (id, deal_id, years) are labels, not measures.
        let numeric = fields.indices.filter {
            (fields[$0].type.isNumeric || fields[$0].type == .duration) && !TableRenderer.isIdentifierLike(fields[$0])
        }
        guard let valueIndex = value ?? numeric.first else {
            throw Diagnostic(.execute, "nothing to draw: the result has no number column")
        }
        let labelIndexes = fields.indices.filter {
            $0 != valueIndex && (!numeric.contains($0) || TableRenderer.isIdentifierLike(fields[$0]))
        }
        // Names and labels come from the data: control characters are shown escaped (`TerminalEscaper`).
        labelTitle = TerminalEscaper.escape(labelIndexes.map { fields[$0].name }.joined(separator: " · "))
        valueTitle = TerminalEscaper.escape(fields[valueIndex].name)
        labels = []
        values = []
        valueTexts = []
        let cellText = CellText(result, unicode: true)
        for row in 0..<result.rowCount {
            let label = labelIndexes.map { cellText.human(row: row, column: $0) }.joined(separator: " · ")
            labels.append(labelIndexes.isEmpty ? String(row + 1) : TerminalEscaper.escape(label))
            let scalar = result.value(row: row, column: valueIndex)
            valueTexts.append(cellText.human(row: row, column: valueIndex))
            switch scalar {
            case .int(let v): values.append(Double(v))
            case .double(let v): values.append(v.isFinite ? v : nil)
            case .duration(let d): values.append(Double(d) / Double(CivilTime.microsPerDay))
            default: values.append(nil)
            }
        }
        if labelIndexes.count == 1, fields[labelIndexes[0]].type == .date {
            let field = fields[labelIndexes[0]]
            dates = (0..<result.rowCount).map { row -> Int32 in
                if case .date(let d) = field.value(at: row) { return d }
                return Int32.min
            }
            if dates!.contains(Int32.min) { dates = nil }
        }
    }

    var count: Int { labels.count }

    /// Keeps the `limit` rows with the largest absolute values (in their original order) when there are
    /// more; returns how many were left out.
    mutating func keepLargest(_ limit: Int) -> Int {
        guard count > limit else { return 0 }
        let omitted = count - limit
        let keep = Set(values.indices.sorted { abs(values[$0] ?? 0) > abs(values[$1] ?? 0) }.prefix(limit))
        let indexes = values.indices.filter { keep.contains($0) }
        labels = indexes.map { labels[$0] }
        values = indexes.map { values[$0] }
        valueTexts = indexes.map { valueTexts[$0] }
        dates = nil
        return omitted
    }
}

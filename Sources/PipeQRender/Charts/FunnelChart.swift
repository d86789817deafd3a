import PipeQEngine

/// A funnel: one centred bar per stage, shrinking with the count, the count and percentage beside it.
struct FunnelChart {
    let style: ChartStyle

    func render(_ data: ChartData, percents: [String]?) -> String {
        if data.count == 0 { return "(no rows to draw)\n" }
        let labelWidth = min(24, data.labels.map(\.count).max() ?? 0)
        let valueWidth = data.valueTexts.map(\.count).max() ?? 0
        let percentWidth = percents?.map(\.count).max() ?? 0
        let area = max(10, style.width - labelWidth - valueWidth - percentWidth - 6)
        let top = data.values.compactMap { $0 }.max() ?? 0
        var out = ""
        for i in 0..<data.count {
            let v = max(0, data.values[i] ?? 0)
            let cells = top > 0 ? Int((Double(area) * v / top).rounded()) : 0
            let margin = (area - cells) / 2
            let bar = String(repeating: style.unicode ? "█" : "#", count: cells)
            var line =
                " " + fit(data.labels[i], labelWidth) + "  " + String(repeating: " ", count: margin)
                + style.paint(bar, "36")
            line +=
                String(repeating: " ", count: area - cells - margin) + "  "
                + fit(data.valueTexts[i], valueWidth, right: true)
            if let percents { line += "  " + fit(percents[i], percentWidth) }
            out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out
    }
}

/// The text beside each funnel stage ("77.6% of top · 82.1% of previous") and the line saying where the
/// counts came from.
struct FunnelCaptions {
    var perStage: [String]?
    var footer: String

    init(_ result: QueryResult, ofTop: Int?, ofPrevious: Int?, source: Int?) {
        let rows = 0..<result.rowCount
        if ofTop != nil || ofPrevious != nil {
            perStage = rows.map { row in
                var parts: [String] = []
                if let c = ofTop { parts.append(ValueFormatter.percent(result.value(row: row, column: c)) + " of top") }
                if let c = ofPrevious, row > 0 {
                    parts.append(ValueFormatter.percent(result.value(row: row, column: c)) + " of previous")
                }
                return parts.joined(separator: " · ")
            }
        }
        footer = ""
        if let c = source, result.rowCount > 0, case .string(let from) = result.value(row: 0, column: c) {
            footer =
                from == "history"
                ? "(reach from the history table)\n"
                : "(reach from current stages: a deal at a stage counted as having reached the earlier ones; load a history table for exact reach)\n"
        }
    }
}

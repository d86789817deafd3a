import PipeQCore

/// A column chart over time periods: one column per period, gaps (missing periods) shown as empty
/// columns with a "·" on the axis, a labelled y-axis starting at zero and period labels along the bottom.
struct ColumnChart {
    let style: ChartStyle
    var height = 10

    func render(_ input: ChartData) -> String {
        if input.count == 0 { return "(no rows to draw)\n" }
        guard input.values.allSatisfy({ ($0 ?? 0) >= 0 }) else {
            // Columns would hide the sign; horizontal bars show negatives honestly.
            return "(negative values: drawn as bars)\n" + BarChart(style: style).render(input)
        }
        // The axis may leave far outlier periods out (a 9999-12-31 placeholder); the scale is that of what is drawn.
        let axis = TimeAxis.axis(input, capacity: style.width - 12)
        let slots = axis.slots
        let maxValue =
            input.values.indices.filter { !axis.clippedRows.contains($0) }.compactMap { input.values[$0] }.max() ?? 0
        let yLabelTop = ValueFormatter.human(.double(maxValue)).replacingOccurrences(of: ".00", with: "")
        let gutter = max(yLabelTop.count, 1) + 1
        let columnWidth = max(1, min(4, (style.width - gutter - 2) / max(1, slots.count)))
        let shown = min(slots.count, (style.width - gutter - 2) / columnWidth)
        let visible = Array(slots.suffix(shown))
        var lines: [String] = []
        lines.append(
            style.paint(input.valueTitle, "1")
                + (shown < slots.count ? "  (last \(shown) of \(slots.count) periods)" : ""))
        let levels =
            style.unicode
            ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", "-", "-", "=", "=", "#", "#"]
        for level in stride(from: height - 1, through: 0, by: -1) {
            let yLabel = level == height - 1 ? yLabelTop : (level == 0 ? "0" : "")
            var line = fit(yLabel, gutter - 1, right: true) + (style.unicode ? " ┤" : " |")
            for slot in visible {
                var cell = " "
                if let index = slot.row, let v = input.values[index], maxValue > 0 {
                    let eighths = Int((v / maxValue * Double(height * 8)).rounded())
                    let here = min(8, max(0, eighths - level * 8))
                    cell = levels[here]
                }
                line +=
                    style.paint(String(repeating: cell, count: max(1, columnWidth - 1)), "36")
                    + (columnWidth > 1 ? " " : "")
            }
            lines.append(line)
        }
        var axisLine = String(repeating: " ", count: gutter) + (style.unicode ? " └" : " +")
        for slot in visible {
            axisLine +=
                (slot.row == nil ? "·" : (style.unicode ? "─" : "-"))
                + String(repeating: style.unicode ? "─" : "-", count: columnWidth - 1)
        }
        lines.append(axisLine)
        // Period labels: first, last, and evenly spaced ones that fit.
        var labelLine = [Character](repeating: " ", count: gutter + 2 + visible.count * columnWidth + 12)
        var nextFree = 0
        for (i, slot) in visible.enumerated() {
            let position = gutter + 2 + i * columnWidth
            let text = Array(slot.label)
            guard position >= nextFree, position + text.count <= labelLine.count else { continue }
            for (k, ch) in text.enumerated() { labelLine[position + k] = ch }
            nextFree = position + text.count + 2
        }
        lines.append(String(labelLine).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        let gaps = slots.filter { $0.row == nil }.count
        if gaps > 0 { lines.append("(· marks \(gaps) period\(gaps == 1 ? "" : "s") with no rows)") }
        if let note = axis.note { lines.append("(\(note))") }
        if input.values.contains(where: { $0 == nil }) { lines.append("(null values are drawn empty)") }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(
            separator: "\n") + "\n"
    }
}

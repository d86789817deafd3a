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
        let slots = TimeAxis.slots(input)
        let maxValue = input.values.compactMap { $0 }.max() ?? 0
        let yLabelTop = ValueFormatter.human(.double(maxValue)).replacingOccurrences(of: ".00", with: "")
        let gutter = max(yLabelTop.count, 1) + 1
        let columnWidth = max(1, min(4, (style.width - gutter - 2) / max(1, slots.count)))
        let shown = min(slots.count, (style.width - gutter - 2) / columnWidth)
        let visible = Array(slots.suffix(shown))
        var lines: [String] = []
        lines.append(style.paint(input.valueTitle, "1") + (shown < slots.count ? "  (last \(shown) of \(slots.count) periods)" : ""))
        let levels = style.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", "-", "-", "=", "=", "#", "#"]
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
                line += style.paint(String(repeating: cell, count: max(1, columnWidth - 1)), "36") + (columnWidth > 1 ? " " : "")
            }
            lines.append(line)
        }
        var axis = String(repeating: " ", count: gutter) + (style.unicode ? " └" : " +")
        for slot in visible { axis += (slot.row == nil ? "·" : (style.unicode ? "─" : "-")) + String(repeating: style.unicode ? "─" : "-", count: columnWidth - 1) }
        lines.append(axis)
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
        if input.values.contains(where: { $0 == nil }) { lines.append("(null values are drawn empty)") }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }
}

/// Periods along a time axis: the rows in order, with missing periods inserted when the labels are
/// period starts (days, weeks, months, quarters or years).
enum TimeAxis {
    struct Slot {
        var label: String
        /// The result row, or nil for a missing period.
        var row: Int?
    }

    static func slots(_ data: ChartData) -> [Slot] {
        guard let dates = data.dates, dates.count >= 2, let step = inferStep(dates) else {
            return data.labels.enumerated().map { Slot(label: $1, row: $0) }
        }
        var rowByDate: [Int32: Int] = [:]
        for (i, d) in dates.enumerated() where rowByDate[d] == nil { rowByDate[d] = i }
        var out: [Slot] = []
        var day = dates.min()!
        let last = dates.max()!
        while day <= last, out.count < 5_000 {
            out.append(Slot(label: CivilTime.formatDate(Int(day)), row: rowByDate[day]))
            day = step(day)
        }
        return out
    }

    /// The period the dates step by, when every date is such a period's start.
    static func inferStep(_ dates: [Int32]) -> ((Int32) -> Int32)? {
        let civil = dates.map { CivilTime.civil(days: Int($0)) }
        let sorted = Array(Set(dates)).sorted()
        let minGap = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min() ?? 1
        if civil.allSatisfy({ $0.month == 1 && $0.day == 1 }) {
            return { Int32(CivilTime.addMonths(12, toDays: Int($0))) }
        }
        if civil.allSatisfy({ $0.day == 1 && ($0.month - 1) % 3 == 0 }), minGap >= 89 {
            return { Int32(CivilTime.addMonths(3, toDays: Int($0))) }
        }
        if civil.allSatisfy({ $0.day == 1 }), minGap >= 28 {
            return { Int32(CivilTime.addMonths(1, toDays: Int($0))) }
        }
        if dates.allSatisfy({ CivilTime.weekday(days: Int($0)) == 0 }), minGap >= 7 {
            return { $0 + 7 }
        }
        if minGap == 1 { return { $0 + 1 } }
        return nil
    }
}

import Foundation
import PipeQCore
import PipeQEngine

/// The terminal charts as standalone SVG (960 px wide, 14 px text: legible on a slide).
public struct SVGChartRenderer {
    static let barColor = "#2f7ebc", negativeColor = "#c0392b", axisColor = "#666"

    public init() {}

    public func render(_ result: QueryResult, _ presentation: Presentation) throws(Diagnostic) -> String {
        switch presentation {
        case .bar(let value):
            return bars(try ChartData(result, value: value))
        case .chart(let value), .spark(let value):
            let data = try ChartData(result, value: value)
            if data.values.contains(where: { ($0 ?? 0) < 0 }) || data.count < 2 { return bars(data) }
            return columns(data)
        case .funnel(let label, let value, let ofTop, let ofPrevious, let source):
            var data = try ChartData(result, value: value)
            data.labels = (0..<result.rowCount).map { ValueFormatter.human(result.value(row: $0, column: label)) }
            let captions = FunnelCaptions(result, ofTop: ofTop, ofPrevious: ofPrevious, source: source)
            return funnel(data, percents: captions.perStage, note: captions.footer)
        }
    }

    /// Horizontal bars from a zero axis; bar length proportional to the value.
    func bars(_ input: ChartData) -> String {
        var data = input
        let omitted = data.keepLargest(40)
        let rowHeight = 28.0
        let top = 48.0
        let labelWidth = 220.0
        let valueWidth = 140.0
        let width = 960.0
        let height = top + rowHeight * Double(max(1, data.count)) + (omitted > 0 ? 48 : 24)
        var svg = SVGDocument(width: width, height: height)
        svg.text(
            data.valueTitle + (data.labelTitle.isEmpty ? "" : " by " + data.labelTitle), x: 16, y: 28, size: 18,
            weight: "bold")
        let present = data.values.compactMap { $0 }
        let maxPositive = max(0, present.max() ?? 0)
        let maxNegative = max(0, -(present.min() ?? 0))
        let span = max(maxPositive + maxNegative, 1e-300)
        let area = width - labelWidth - valueWidth - 32
        let zero = labelWidth + 16 + area * maxNegative / span
        for i in 0..<data.count {
            let y = top + Double(i) * rowHeight
            svg.text(clipped(data.labels[i], 28), x: labelWidth, y: y + 19, anchor: "end")
            if let v = data.values[i] {
                let length = area * abs(v) / span
                let x = v >= 0 ? zero : zero - length
                svg.rect(
                    x: x, y: y + 5, width: length, height: rowHeight - 10,
                    fill: v >= 0 ? Self.barColor : Self.negativeColor,
                    title: "\(clipped(data.labels[i], Self.longestTooltipLabel)): \(data.valueTexts[i])")
                svg.text(data.valueTexts[i], x: (v >= 0 ? x + length : zero) + 6, y: y + 19, size: 13, fill: "#444")
            } else {
                svg.text("null", x: zero + 6, y: y + 19, size: 13, fill: "#999")
            }
        }
        svg.line(x1: zero, y1: top - 4, x2: zero, y2: top + rowHeight * Double(data.count), stroke: Self.axisColor)
        if omitted > 0 {
            svg.text(
                "… \(omitted) more rows not drawn (the \(data.count) largest shown)", x: 16, y: height - 16, size: 13,
                fill: "#666")
        }
        return svg.rendered()
    }

    /// Columns over time periods, with missing periods left empty and marked on the axis.
    func columns(_ data: ChartData) -> String {
        // At ~2 px a column the chart still shows its data; beyond that far outlier periods are left out.
        let axis = TimeAxis.axis(data, capacity: 400)
        let slots = axis.slots
        let width = 960.0
        let height = 420.0
        let left = 90.0
        let right = 24.0
        let top = 48.0
        let bottom = 80.0
        var svg = SVGDocument(width: width, height: height)
        svg.text(
            data.valueTitle + (data.labelTitle.isEmpty ? "" : " by " + data.labelTitle), x: 16, y: 28, size: 18,
            weight: "bold")
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let (step, ticks) = Self.niceTicks(
            data.values.indices.filter { !axis.clippedRows.contains($0) }.compactMap { data.values[$0] }.max() ?? 0)
        let maxValue = step * Double(ticks)
        let slotWidth = plotWidth / Double(max(1, slots.count))
        for tick in 0...ticks {
            let value = step * Double(tick)
            let y = top + plotHeight * (1 - Double(tick) / Double(ticks))
            svg.line(x1: left, y1: y, x2: width - right, y2: y, stroke: "#ddd")
            let label =
                value.rounded() == value
                ? ValueFormatter.human(.int(Int64(value))) : ValueFormatter.human(.double(value))
            svg.text(label, x: left - 8, y: y + 5, anchor: "end", size: 12, fill: "#555")
        }
        let labelEvery = max(1, Int((Double(slots.count) * 80 / plotWidth).rounded(.up)))
        for (i, slot) in slots.enumerated() {
            let x = left + Double(i) * slotWidth
            if let row = slot.row, let v = data.values[row] {
                let h = plotHeight * v / maxValue
                svg.rect(
                    x: x + slotWidth * 0.15, y: top + plotHeight - h, width: slotWidth * 0.7, height: h,
                    fill: Self.barColor,
                    title: "\(clipped(slot.label, Self.longestTooltipLabel)): \(data.valueTexts[row])")
            } else {
                svg.text(
                    "·", x: x + slotWidth / 2, y: top + plotHeight + 4, anchor: "middle", size: 18,
                    fill: Self.negativeColor)
            }
            if i % labelEvery == 0 {
                svg.text(
                    slot.label, x: x + slotWidth / 2, y: top + plotHeight + 22, anchor: "middle", size: 12, fill: "#444"
                )
            }
        }
        svg.line(x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight, stroke: Self.axisColor)
        let gaps = slots.filter { $0.row == nil }.count
        var notes: [String] = []
        if gaps > 0 { notes.append("· marks \(gaps) period\(gaps == 1 ? "" : "s") with no rows") }
        if let note = axis.note { notes.append(note) }
        if !notes.isEmpty { svg.text(notes.joined(separator: "; "), x: left, y: height - 16, size: 12, fill: "#666") }
        return svg.rendered()
    }

    /// Centred bars shrinking stage by stage, with counts and percentages.
    func funnel(_ data: ChartData, percents: [String]?, note: String) -> String {
        let rowHeight = 40.0
        let top = 48.0
        let width = 960.0
        let labelWidth = 200.0
        let textWidth = 300.0
        let height = top + rowHeight * Double(max(1, data.count)) + (note.isEmpty ? 24 : 48)
        var svg = SVGDocument(width: width, height: height)
        svg.text(data.valueTitle + " by " + data.labelTitle, x: 16, y: 28, size: 18, weight: "bold")
        let area = width - labelWidth - textWidth - 32
        let topValue = max(data.values.compactMap { $0 }.max() ?? 0, 1e-300)
        for i in 0..<data.count {
            let y = top + Double(i) * rowHeight
            let v = max(0, data.values[i] ?? 0)
            let length = area * v / topValue
            svg.text(clipped(data.labels[i], 24), x: labelWidth, y: y + 25, anchor: "end")
            svg.rect(
                x: labelWidth + 16 + (area - length) / 2, y: y + 6, width: length, height: rowHeight - 12,
                fill: Self.barColor,
                title: "\(clipped(data.labels[i], Self.longestTooltipLabel)): \(data.valueTexts[i])")
            let caption = data.valueTexts[i] + (percents.map { "  " + $0[i] } ?? "")
            svg.text(caption, x: labelWidth + area + 32, y: y + 25, size: 14, fill: "#333")
        }
        if !note.isEmpty {
            svg.text(
                note.trimmingCharacters(in: .whitespacesAndNewlines), x: 16, y: height - 16, size: 12, fill: "#666")
        }
        return svg.rendered()
    }

    /// A round tick step (1, 2, 2.5 or 5 × 10ⁿ) and a tick count (3–6) whose top covers `maximum`.
    static func niceTicks(_ maximum: Double) -> (step: Double, count: Int) {
        guard maximum > 0, maximum.isFinite else { return (1, 4) }
        let raw = maximum / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { maximum / $0 <= 6 } ?? 10 * magnitude
        return (step, max(1, Int((maximum / step).rounded(.up))))
    }

    /// At most `n` characters; looks at no more than `n + 1` of them (a label may be a 20 MB cell).
    private func clipped(_ s: String, _ n: Int) -> String {
        let head = s.prefix(n + 1)
        return head.count > n ? String(s.prefix(n - 1)) + "…" : s
    }

    /// Longest label in a bar's tooltip.
    static let longestTooltipLabel = 200
}

import Foundation
import PipeQCore
import PipeQEngine

extension SVGChartRenderer {
    static let secondColor = "#f0a030"

    /// Two series side by side per label (the rep beside the team, per funnel step or stage): a pair of horizontal
    /// bars from a zero axis on one scale, a legend naming each series, each bar labelled as the table prints it.
    func pairedBars(_ first: ChartData, _ second: ChartData) -> String {
        let rowHeight = 44.0
        let top = 72.0
        let labelWidth = 240.0
        let valueWidth = 120.0
        let width = 960.0
        let count = min(first.count, second.count)
        let height = top + rowHeight * Double(max(1, count)) + 24
        var svg = SVGDocument(width: width, height: height)
        svg.text(
            first.valueTitle + " and " + second.valueTitle
                + (first.labelTitle.isEmpty ? "" : " by " + first.labelTitle), x: 16, y: 28, size: 18, weight: "bold")
        for (k, (title, color)) in [(first.valueTitle, Self.barColor), (second.valueTitle, Self.secondColor)]
            .enumerated()
        {
            let x = 16 + Double(k) * 160
            svg.rect(x: x, y: 40, width: 14, height: 14, fill: color)
            svg.text(title, x: x + 20, y: 52, size: 13)
        }
        let present = (first.values + second.values).compactMap { $0 }
        let span = max(present.map(abs).max() ?? 0, 1e-300)
        let area = width - labelWidth - valueWidth - 32
        let zero = labelWidth + 16
        for i in 0..<count {
            let y = top + Double(i) * rowHeight
            svg.text(first.labels[i], x: labelWidth, y: y + 25, anchor: "end")
            for (k, (data, color)) in [(first, Self.barColor), (second, Self.secondColor)].enumerated() {
                let barY = y + 4 + Double(k) * 18
                guard let v = data.values[i] else {
                    svg.text("null", x: zero + 6, y: barY + 13, size: 12, fill: "#999")
                    continue
                }
                let length = area * max(0, v) / span
                svg.rect(
                    x: zero, y: barY, width: length, height: 16, fill: color,
                    title: "\(first.labels[i]), \(data.valueTitle): \(data.valueTexts[i])")
                svg.text(data.valueTexts[i], x: zero + length + 6, y: barY + 13, size: 12, fill: "#444")
            }
        }
        svg.line(x1: zero, y1: top - 4, x2: zero, y2: top + rowHeight * Double(count), stroke: Self.axisColor)
        return svg.rendered()
    }
}

/// Horizontal bars, one per row: label, bar scaled to the width, value at the bar's end. Bars start at
/// zero; negative values grow left of a zero axis; nulls are labelled with no bar.
struct BarChart {
    let style: ChartStyle

    func render(_ input: ChartData) -> String {
        var data = input
        if data.count == 0 { return "(no rows to draw)\n" }
        let omitted = data.keepLargest(style.maxBars)
        let labelWidth = min(28, max(data.labelTitle.count, data.labels.map(\.count).max() ?? 0))
        let valueWidth = data.valueTexts.map(\.count).max() ?? 0
        let area = max(10, style.width - labelWidth - valueWidth - 4)
        let present = data.values.compactMap { $0 }
        let maxPositive = max(0, present.max() ?? 0)
        let maxNegative = max(0, -(present.min() ?? 0))
        let span = maxPositive + maxNegative
        // Columns left of the zero axis, for negative bars.
        let negativeArea = span > 0 ? Int((Double(area) * maxNegative / span).rounded()) : 0
        let positiveArea = area - negativeArea
        var out = " " + fit(data.labelTitle, labelWidth) + "  " + style.paint(data.valueTitle, "1") + "\n"
        for i in 0..<data.count {
            let label = fit(data.labels[i], labelWidth)
            var barText: String
            if let v = data.values[i], span > 0 {
                if v >= 0 {
                    let bar = style.bar(Double(positiveArea) * v / span)
                    barText =
                        String(repeating: " ", count: negativeArea) + (negativeArea > 0 ? axis : "")
                        + style.paint(bar, "36")
                } else {
                    let cells = max(1, Int((Double(negativeArea) * -v / maxNegative).rounded()))
                    let bar = String(repeating: style.unicode ? "█" : "#", count: cells)
                    barText = String(repeating: " ", count: negativeArea - cells) + style.paint(bar, "31") + axis
                }
                barText += " " + data.valueTexts[i]
            } else {
                barText =
                    String(repeating: " ", count: negativeArea) + (negativeArea > 0 ? axis : "") + data.valueTexts[i]
            }
            out += " " + label + "  " + barText + "\n"
        }
        if omitted > 0 {
            out += " … \(omitted) more rows not drawn (showing the \(data.count) largest by \(data.valueTitle))\n"
        }
        return out
    }

    private var axis: String { style.unicode ? "│" : "|" }
}

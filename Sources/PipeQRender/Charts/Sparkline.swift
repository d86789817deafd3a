import PipeQCore

/// One-line sparklines, the only place their glyphs are drawn: `| spark` draws a result's number column
/// (`min ▁▂▅█▃ max`), and table cells of the `sparkline` aggregate's monthly counts are drawn with `counts`.
/// Eight heights: eighth blocks, or in ASCII the digits 0 … 7.
struct Sparkline {
    let style: ChartStyle

    static func glyphs(unicode: Bool) -> [String] {
        unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["0", "1", "2", "3", "4", "5", "6", "7"]
    }

    /// One character per value, scaled from min(0, smallest) to the largest (rounded to the nearest of the eight
    /// heights); a blank for nil.
    func line(_ values: [Double?]) -> String { Self.line(values, unicode: style.unicode) }

    static func line(_ values: [Double?], unicode: Bool) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return "" }
        let glyphs = Self.glyphs(unicode: unicode)
        let floor = min(0, low)
        return values.map { value -> String in
            guard let v = value else { return " " }
            if high == floor { return glyphs[0] }
            let level = Int(((v - floor) / (high - floor) * 7).rounded())
            return glyphs[max(0, min(7, level))]
        }.joined()
    }

    /// `| spark`: the labels of the first and last period (or row), the line, then the extremes of what is drawn as
    /// the table would print them. When the labels are period starts, a period with no row is a blank, like a null
    /// value, and a far outlier period (a 9999-12-31 placeholder) is left out with a note, as `chart` does.
    func render(_ data: ChartData) -> String {
        if data.count == 0 { return "(no rows to draw)\n" }
        let axis = TimeAxis.axis(data, capacity: style.width)
        let values = axis.slots.map { slot in slot.row.flatMap { data.values[$0] } }
        let drawn = data.values.indices.filter { data.values[$0] != nil && !axis.clippedRows.contains($0) }
        let low = drawn.min { data.values[$0]! < data.values[$1]! }.map { data.valueTexts[$0] } ?? "null"
        let high = drawn.max { data.values[$0]! < data.values[$1]! }.map { data.valueTexts[$0] } ?? "null"
        let first = axis.slots.first?.label ?? ""
        let last = axis.slots.last?.label ?? ""
        let points = axis.slots.count { $0.row != nil }
        let gaps = axis.slots.count - points
        var caption = "min \(low), max \(high), \(points) points"
        if gaps > 0 { caption += ", \(gaps) period\(gaps == 1 ? "" : "s") with no rows drawn blank" }
        if let note = axis.note { caption += "; " + note }
        return "\(data.valueTitle) \(first) \(style.paint(line(values), "36")) \(last)  (\(caption))\n"
    }

    /// A `CellEncoding.monthlyCounts` cell ("3 0 1"): one character per month, a blank for a month with no rows,
    /// else the count's eighth of the row's own largest count, rounded up (glyph ⌈8c ÷ peak⌉ of 1 … 8, so the
    /// peak is the top one). Text that is not such a list is returned unchanged.
    static func counts(_ text: String, unicode: Bool) -> String {
        var counts: [Int] = []
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            guard let n = Int(part), n >= 0 else { return text }
            counts.append(n)
        }
        let peak = max(1, counts.max() ?? 1)
        let glyphs = Self.glyphs(unicode: unicode)
        return counts.map { $0 == 0 ? " " : glyphs[min(7, ($0 * 8 - 1) / peak)] }.joined()
    }

    /// A `CellEncoding.series` cell ("0.5  0.25"): `line` of its numbers, a blank for an empty part. Text that is
    /// not such a list is returned unchanged.
    static func series(_ text: String, unicode: Bool) -> String {
        var values: [Double?] = []
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            if part.isEmpty {
                values.append(nil)
                continue
            }
            guard let v = Double(part), v.isFinite else { return text }
            values.append(v)
        }
        return line(values, unicode: unicode)
    }
}

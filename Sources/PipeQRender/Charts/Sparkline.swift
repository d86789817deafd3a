/// A one-line sparkline: `min ▁▂▅█▃ max` with eighth-height blocks (ASCII: a digit scale).
struct Sparkline {
    let style: ChartStyle

    func line(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return "" }
        let glyphs = style.unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["0", "1", "2", "3", "4", "5", "6", "7"]
        let floor = min(0, low)
        return values.map { value -> String in
            guard let v = value else { return " " }
            if high == floor { return glyphs[0] }
            let level = Int(((v - floor) / (high - floor) * 7).rounded())
            return glyphs[max(0, min(7, level))]
        }.joined()
    }

    func render(_ data: ChartData) -> String {
        if data.count == 0 { return "(no rows to draw)\n" }
        let values = data.values
        // Show the extremes as the table would print them.
        let indexed = values.indices.filter { values[$0] != nil }
        let low = indexed.min { values[$0]! < values[$1]! }.map { data.valueTexts[$0] } ?? "null"
        let high = indexed.max { values[$0]! < values[$1]! }.map { data.valueTexts[$0] } ?? "null"
        let first = data.labels.first ?? "", last = data.labels.last ?? ""
        return "\(data.valueTitle) \(first) \(style.paint(line(values), "36")) \(last)  (min \(low), max \(high), \(data.count) points)\n"
    }
}

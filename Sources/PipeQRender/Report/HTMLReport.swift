import PipeQCore
import PipeQEngine
import PipeQStorage

/// A self-contained HTML page (inline CSS and SVG, no network): a heading with the dataset, as-of date and
/// generation time, then each query of a script with its table and its chart, in order.
public struct HTMLReport {
    public struct Entry {
        public var query: String
        /// The result, or nil for a statement without rows (`let`).
        public var result: QueryResult?

        public init(query: String, result: QueryResult?) {
            self.query = query
            self.result = result
        }
    }

    public var title: String
    public var dataset: String
    public var asOf: String
    public var generated: String
    public var entries: [Entry] = []
    /// Characters of a value shown in a table cell (a 20 MB note is cut, and said so under the table).
    static let longestCell = 1_000
    /// Rows shown per table before the rest are summarised.
    public var maxRows = 200

    public init(title: String, dataset: String, asOf: String, generated: String) {
        self.title = title
        self.dataset = dataset
        self.asOf = asOf
        self.generated = generated
    }

    public func rendered() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; }
            h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-bottom: 2rem; }
            section { margin: 2.5rem 0; border-top: 1px solid #ddd; padding-top: 1rem; }
            pre.query { background: #f4f6f8; padding: 0.6rem 0.8rem; border-radius: 4px; white-space: pre-wrap; }
            table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
            th, td { padding: 0.25rem 0.7rem; border-bottom: 1px solid #eee; text-align: left; }
            th { border-bottom: 2px solid #999; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .note { color: #666; font-size: 0.85rem; } svg { max-width: 100%; height: auto; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <div class="meta">dataset <b>\(escape(dataset))</b> · as of <b>\(escape(asOf))</b> · generated \(escape(generated))</div>

            """
        for entry in entries {
            html += "<section>\n<pre class=\"query\">\(escape(entry.query))</pre>\n"
            if let result = entry.result {
                html += table(result)
                if let svg = chart(result) { html += svg }
            } else {
                html += "<p class=\"note\">defined</p>\n"
            }
            html += "</section>\n"
        }
        return html + "</body></html>\n"
    }

    func table(_ result: QueryResult) -> String {
        let types = result.columnTypes
        let cellText = CellText(result, unicode: true)
        var out = "<table>\n<tr>" + result.columnNames.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        var cut = false
        for row in 0..<min(result.rowCount, maxRows) {
            out += "<tr>"
            for c in 0..<result.columnNames.count {
                var text = cellText.human(row: row, column: c)
                if text.utf8.count > Self.longestCell, case let head = text.prefix(Self.longestCell),
                    head.endIndex < text.endIndex
                {
                    text = head + "…"
                    cut = true
                }
                out +=
                    ValueFormatter.isRightAligned(types[c])
                    ? "<td class=\"num\">\(escape(text))</td>" : "<td>\(escape(text))</td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n"
        if result.rowCount > maxRows { out += "<p class=\"note\">… \(result.rowCount - maxRows) more rows</p>\n" }
        if cut {
            out +=
                "<p class=\"note\">values longer than \(Self.longestCell) characters are cut (…); CSV or JSON output gives them whole</p>\n"
        }
        out += "<p class=\"note\">\(result.rowCount) row\(result.rowCount == 1 ? "" : "s")</p>\n"
        return out
    }

    /// The result's own chart, or a bar/column chart for a small grouped result (one label, numbers).
    func chart(_ result: QueryResult) -> String? {
        let renderer = SVGChartRenderer()
        if let presentation = result.presentation { return try? renderer.render(result, presentation) }
        let fields = result.relation.fields
        let labels = fields.filter { !($0.type.isNumeric || $0.type == .duration) }
        let numbers = fields.filter { $0.type.isNumeric || $0.type == .duration }
        guard labels.count == 1, !numbers.isEmpty, (2...40).contains(result.rowCount) else { return nil }
        let first = fields.firstIndex { $0.type.isNumeric || $0.type == .duration }
        // Two numbers that read alike (compare's rep and team): both series in one chart.
        if labels[0].type != .date, numbers.count == 2, numbers[0].info.encoding != nil,
            numbers[0].info.encoding == numbers[1].info.encoding, numbers[0].type == numbers[1].type,
            let second = fields.lastIndex(where: { $0.type.isNumeric || $0.type == .duration }),
            let a = try? ChartData(result, value: first), let b = try? ChartData(result, value: second)
        {
            return renderer.pairedBars(a, b)
        }
        return try? renderer.render(result, labels[0].type == .date ? .chart(value: first) : .bar(value: first))
    }
}

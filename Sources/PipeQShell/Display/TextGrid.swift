import PipeQRender

/// Small aligned listings for meta-commands.
enum TextGrid {
    /// Rows as left-aligned columns, two spaces apart, each line indented by two spaces.
    /// Cells may hold names from the data: control characters are shown escaped.
    static func render(_ rawRows: [[String]]) -> String {
        guard let first = rawRows.first else { return "" }
        let rows = rawRows.map { $0.map(TerminalEscaper.escape) }
        let widths = (0..<first.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            var line =
                "  "
                + row.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - cell.count) }
                .joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// A count with thousands separators ("3,000").
    static func count(_ n: Int) -> String { ValueFormatter.human(.int(Int64(n))) }
}

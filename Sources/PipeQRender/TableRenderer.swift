import PipeQCore
import PipeQEngine
import PipeQStorage

/// Aligned text tables: a header, numbers right-aligned, a row-count footer for multi-row results, a
/// single value printed plainly. Long results show their first and last rows around a "… N more rows" line.
/// A table wider than the screen keeps its first column and the columns the query is about and names the
/// others in a note (`ColumnFit`), or, with `expanded`, is printed as records (`RecordRenderer`).
public struct TableRenderer {
    /// Rows shown before eliding the middle (nil: all rows).
    public var maxRows: Int?
    /// Width a cell is cut to (with "…"), nil for no limit.
    public var maxCellWidth: Int?
    /// The screen width (set only when the table goes to a terminal): columns are left out when the table
    /// would be wider. Nil for no limit.
    public var maxWidth: Int?
    /// Cells drawn from their values (the `sparkline` aggregate's counts) and box lines use Unicode; false
    /// draws ASCII.
    public var unicode: Bool
    /// Lines around and between the cells (`.mode box`) rather than the plain table's header rule.
    public var boxed: Bool
    /// When the rows are printed as records instead (`.expanded`); `auto` needs `maxWidth`.
    public var expanded: ExpandedMode

    public init(
        maxRows: Int? = nil, maxCellWidth: Int? = nil, maxWidth: Int? = nil, unicode: Bool = true, boxed: Bool = false,
        expanded: ExpandedMode = .off
    ) {
        self.maxRows = maxRows
        self.maxCellWidth = maxCellWidth
        self.maxWidth = maxWidth
        self.unicode = unicode
        self.boxed = boxed
        self.expanded = expanded
    }

    public func render(_ result: QueryResult) -> String {
        MachineRenderers.collected { (emit: TextSink) throws(Diagnostic) in
            try write(result, cancellation: nil, to: emit)
        }
    }

    var borders: TableBorders { boxed ? (unicode ? .unicodeBox : .asciiBox) : .plain }

    var records: RecordRenderer { RecordRenderer(maxRows: maxRows, unicode: unicode) }

    /// The table, a chunk of rows at a time. A long result with `maxRows` shows only its head and tail; one
    /// shown whole is formatted twice (column widths first, then the lines) so no more than a chunk of
    /// formatted rows is held at once.
    public func write(_ result: QueryResult, cancellation: CancellationFlag?, to emit: TextSink) throws(Diagnostic) {
        if expanded == .on { return try records.write(result, cancellation: cancellation, to: emit) }
        let columns = result.columnNames.count
        let cellText = CellText(result, unicode: unicode)
        func text(_ r: Int, _ c: Int) -> String { cellText.human(row: r, column: c) }
        if result.rowCount == 1 && columns == 1 {
            return try emit(Self.clip(text(0, 0), to: Self.longestCell) + "\n")
        }
        func cells(_ r: Int) -> [String] {
            (0..<columns).map { c in clip(text(r, c)) }
        }
        var header = result.columnNames.map { Self.clip($0, to: Self.longestCell) }
        var widths = header.map { $0.count }
        func measure(_ row: [String]) {
            for c in 0..<columns { widths[c] = max(widths[c], row[c].count) }
        }
        // Which rows to show: all, or the head and tail around an elision line.
        var head: [[String]] = []
        var tail: [[String]] = []
        let elides = maxRows.map { result.rowCount > $0 } ?? false
        if let maxRows, elides {
            head = (0..<(maxRows + 1) / 2).map(cells)
            tail = ((result.rowCount - maxRows / 2)..<result.rowCount).map(cells)
            (head + tail).forEach(measure)
        } else {
            try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
                for r in rows { measure(cells(r)) }
            }
        }
        let borders = borders
        if expanded == .auto, let maxWidth, borders.totalWidth(widths) > maxWidth {
            return try records.write(result, cancellation: cancellation, to: emit)
        }
        var right = result.columnTypes.map(ValueFormatter.isRightAligned)
        let shown =
            maxWidth.map { maxWidth in
                ColumnFit.shown(
                    widths: widths, queried: result.columnNames.map(result.queriedColumns.contains),
                    maxWidth: maxWidth, width: borders.totalWidth)
            } ?? Array(0..<columns)
        let cuts = shown.count < columns
        func pick<T>(_ items: [T]) -> [T] { cuts ? shown.map { items[$0] } : items }
        header = pick(header)
        widths = pick(widths)
        right = pick(right)
        var top = borders.framed ? borders.rule(widths, borders.top) : ""
        top += borders.row(header, widths, header.map { _ in false }) + borders.rule(widths, borders.middle)
        try emit(top)
        if elides {
            var out = head.map { borders.row(pick($0), widths, right) }.joined()
            let more = result.rowCount - head.count - tail.count
            if borders.framed {
                out += borders.row(widths.map { _ in "…" }, widths, right)
            } else {
                out += " … \(more) more rows\n"
            }
            out += tail.map { borders.row(pick($0), widths, right) }.joined()
            try emit(out)
        } else {
            try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
                try emit(rows.map { borders.row(pick(cells($0)), widths, right) }.joined())
            }
        }
        var footer = borders.framed ? borders.rule(widths, borders.bottom) : ""
        let rows = "\(result.rowCount) row\(result.rowCount == 1 ? "" : "s")"
        if elides && borders.framed {
            footer += "(\(rows), \(head.count + tail.count) shown)\n"
        } else if result.rowCount != 1 {
            footer += "(\(rows))\n"
        }
        if cuts, let maxWidth {
            let hidden = (0..<columns).filter { !shown.contains($0) }.map { result.columnNames[$0] }
            footer += ColumnFit.note(hidden: hidden, maxWidth: maxWidth)
        }
        try emit(footer)
    }

    /// Integer ids and years read wrong with thousands separators ("1,806"): print them plainly.
    static func isIdentifierLike(_ field: RelationField) -> Bool {
        guard field.type == .int else { return false }
        if field.info.role == .id || field.info.role == .dealId || field.info.encoding == .digits { return true }
        let name = field.name.lowercased()
        return name == "id" || name.hasSuffix("_id") || name.hasPrefix("id_") || name.contains("_id_") || name == "year"
            || (name.hasPrefix("year_") && !name.hasPrefix("year_ago"))  // growth's year_ago is an amount
            || name.hasSuffix("_year")
    }

    /// The longest cell (and column name) a table shows when no `maxCellWidth` is set: a table is read,
    /// not parsed, and CSV or JSON carry whole values.
    public static let longestCell = 4_096

    private func clip(_ raw: String) -> String {
        Self.clip(raw, to: maxCellWidth ?? Self.longestCell)
    }

    /// Cut to `limit` characters (ending in "…"), with control characters shown escaped (`TerminalEscaper`). The
    /// cut comes first, so a 20 MB cell costs its first `limit` characters, not 20 MB of escaping and counting.
    static func clip(_ raw: String, to limit: Int) -> String {
        // UTF-8 bytes are at least as many as characters: a short string needs no cut.
        let head = raw.utf8.count <= limit ? raw[...] : raw.prefix(limit + 1)
        // Control characters would break the alignment or drive the terminal: show them escaped.
        let text = TerminalEscaper.escape(String(head))
        guard head.endIndex < raw.endIndex || text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}

import PipeQCore
import PipeQEngine
import PipeQStorage

/// Aligned text tables: a header, numbers right-aligned, a row-count footer for multi-row results, a
/// single value printed plainly. Long results show their first and last rows around a "… N more rows" line.
public struct TableRenderer {
    /// Rows shown before eliding the middle (nil: all rows).
    public var maxRows: Int?
    /// Width a cell is cut to (with "…"), nil for no limit.
    public var maxCellWidth: Int?
    /// The screen width: columns in the middle are left out (shown as one "…" column) when the table
    /// would be wider, as the DuckDB CLI does. Nil for no limit.
    public var maxWidth: Int?
    /// Cells drawn from their values (the `sparkline` aggregate's counts) use Unicode blocks; false draws ASCII.
    public var unicode: Bool

    public init(maxRows: Int? = nil, maxCellWidth: Int? = nil, maxWidth: Int? = nil, unicode: Bool = true) {
        self.maxRows = maxRows
        self.maxCellWidth = maxCellWidth
        self.maxWidth = maxWidth
        self.unicode = unicode
    }

    public func render(_ result: QueryResult) -> String {
        MachineRenderers.collected { (emit: TextSink) throws(Diagnostic) in
            try write(result, cancellation: nil, to: emit)
        }
    }

    /// The table, a chunk of rows at a time. A long result with `maxRows` shows only its head and tail; one
    /// shown whole is formatted twice (column widths first, then the lines) so no more than a chunk of
    /// formatted rows is held at once.
    public func write(_ result: QueryResult, cancellation: CancellationFlag?, to emit: TextSink) throws(Diagnostic) {
        let columns = result.columnNames.count
        let cellText = CellText(result, unicode: unicode)
        func text(_ r: Int, _ c: Int) -> String { cellText.human(row: r, column: c) }
        if result.rowCount == 1 && columns == 1 {
            return try emit(clip(text(0, 0), to: Self.longestCell) + "\n")
        }
        func cells(_ r: Int) -> [String] {
            (0..<columns).map { c in clip(text(r, c)) }
        }
        var header = result.columnNames.map { clip($0, to: Self.longestCell) }
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
        var right = result.columnTypes.map(ValueFormatter.isRightAligned)
        let (leftColumns, rightColumns) = visibleColumns(widths)
        let hiddenColumns = columns - leftColumns.count - rightColumns.count
        // Keep the first and last columns that fit, with one "…" column standing for the rest.
        func elide<T>(_ items: [T], _ marker: T) -> [T] {
            hiddenColumns > 0 ? leftColumns.map { items[$0] } + [marker] + rightColumns.map { items[$0] } : items
        }
        header = elide(header, "…")
        widths = elide(widths, 1)
        right = elide(right, false)
        try emit(
            line(header, widths, header.map { _ in false })
                + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n")
        if elides {
            var out = head.map { line(elide($0, "…"), widths, right) }.joined()
            out += " … \(result.rowCount - head.count - tail.count) more rows\n"
            out += tail.map { line(elide($0, "…"), widths, right) }.joined()
            try emit(out)
        } else {
            try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
                try emit(rows.map { line(elide(cells($0), "…"), widths, right) }.joined())
            }
        }
        if hiddenColumns > 0 {
            try emit(
                "(\(result.rowCount) row\(result.rowCount == 1 ? "" : "s"), \(columns) columns, \(hiddenColumns) not shown: select fewer or .mode csv)\n"
            )
        } else if result.rowCount != 1 {
            try emit("(\(result.rowCount) row\(result.rowCount == 1 ? "" : "s"))\n")
        }
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

    /// The columns that fit `maxWidth`, taken alternately from the left and the right edges.
    private func visibleColumns(_ widths: [Int]) -> (left: [Int], right: [Int]) {
        let all = Array(widths.indices)
        guard let maxWidth, widths.count > 2, widths.reduce(0, { $0 + $1 + 3 }) > maxWidth + 1 else { return (all, []) }
        var left: [Int] = []
        var right: [Int] = []
        var used = 4  // the "…" column
        var lo = 0
        var hi = widths.count - 1
        var takeLeft = true
        while lo <= hi {
            let c = takeLeft ? lo : hi
            guard used + widths[c] + 3 <= maxWidth else { break }
            used += widths[c] + 3
            if takeLeft {
                left.append(c)
                lo += 1
            } else {
                right.insert(c, at: 0)
                hi -= 1
            }
            takeLeft.toggle()
        }
        if left.isEmpty { left = [0] }
        return (left, right)
    }

    /// The longest cell (and column name) a table shows when no `maxCellWidth` is set: a table is read,
    /// not parsed, and CSV or JSON carry whole values.
    public static let longestCell = 4_096

    private func clip(_ raw: String) -> String {
        clip(raw, to: maxCellWidth ?? Self.longestCell)
    }

    /// Cut to `limit` characters (ending in "…"), with control characters shown escaped (`TerminalEscaper`). The
    /// cut comes first, so a 20 MB cell costs its first `limit` characters, not 20 MB of escaping and counting.
    private func clip(_ raw: String, to limit: Int) -> String {
        // UTF-8 bytes are at least as many as characters: a short string needs no cut.
        let head = raw.utf8.count <= limit ? raw[...] : raw.prefix(limit + 1)
        // Control characters would break the alignment or drive the terminal: show them escaped.
        let text = TerminalEscaper.escape(String(head))
        guard head.endIndex < raw.endIndex || text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    private func line(_ cells: [String], _ widths: [Int], _ right: [Bool]) -> String {
        var parts: [String] = []
        for (i, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: widths[i] - cell.count)
            parts.append(" " + (right[i] ? pad + cell : cell + pad) + " ")
        }
        var text = parts.joined(separator: "|")
        while text.hasSuffix(" ") { text.removeLast() }
        return text + "\n"
    }
}

import PipeQCore
import PipeQEngine

/// Rows as records, one field per line: `name = value` with the names right-aligned to the longest, as sqlite3's
/// `.mode line` prints them, each record headed by a `-[ RECORD n ]-` line, as psql's `\x` heads them (the header
/// says which row it is, where sqlite3's blank line does not). `.mode line` prints every result so; `.expanded`
/// prints tables so (always, or when a row does not fit the screen). Long results show their first and last
/// records around a "… N more rows" line, as tables do.
struct RecordRenderer {
    var maxRows: Int?
    var unicode: Bool

    func write(_ result: QueryResult, cancellation: CancellationFlag?, to emit: TextSink) throws(Diagnostic) {
        let cellText = CellText(result, unicode: unicode)
        let names = result.columnNames.map { TableRenderer.clip($0, to: TableRenderer.longestCell) }
        let labelWidth = names.map(\.count).max() ?? 0
        let labels = names.map { String(repeating: " ", count: labelWidth - $0.count) + $0 + " = " }
        func record(_ r: Int) -> String {
            let title = "-[ RECORD \(r + 1) ]"
            var text = title + String(repeating: "-", count: max(1, labelWidth + 3 - title.count)) + "\n"
            for c in labels.indices {
                let value = TableRenderer.clip(cellText.human(row: r, column: c), to: TableRenderer.longestCell)
                text += labels[c] + value + "\n"
            }
            return text
        }
        if let maxRows, result.rowCount > maxRows {
            let head = (maxRows + 1) / 2
            let tailStart = result.rowCount - maxRows / 2
            var out = (0..<head).map(record).joined()
            out += "… \(tailStart - head) more rows\n"
            out += (tailStart..<result.rowCount).map(record).joined()
            try emit(out)
        } else {
            try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
                try emit(rows.map(record).joined())
            }
        }
        if result.rowCount != 1 {
            try emit("(\(result.rowCount) rows)\n")
        }
    }
}

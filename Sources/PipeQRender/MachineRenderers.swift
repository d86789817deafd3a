import PipeQCore
import PipeQEngine
import PipeQStorage

/// CSV (RFC 4180 quoting), JSON (an array of objects) and Markdown tables.
public enum MachineRenderers {
    /// CSV. With `spreadsheetSafe`, text cells starting with = + - @, a tab or a carriage return (OWASP's CSV
    /// injection list) are prefixed with ' so spreadsheets do not run them.
    public static func csv(_ result: QueryResult, spreadsheetSafe: Bool = false) -> String {
        collected { (emit: TextSink) throws(Diagnostic) in
            try csv(result, spreadsheetSafe: spreadsheetSafe, cancellation: nil, to: emit)
        }
    }

    /// CSV, a chunk of rows at a time.
    public static func csv(
        _ result: QueryResult, spreadsheetSafe: Bool, cancellation: CancellationFlag?, to emit: TextSink
    ) throws(Diagnostic) {
        let columns = result.columnNames.count
        try emit(result.columnNames.map { quote($0) }.joined(separator: ",") + "\n")
        try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
            var out = ""
            for r in rows {
                for c in 0..<columns {
                    if c > 0 { out += "," }
                    let value = result.value(row: r, column: c)
                    var text = ValueFormatter.plain(value)
                    if spreadsheetSafe, case .string = value, let first = text.unicodeScalars.first,
                        "=+-@\t\r".unicodeScalars.contains(first)
                    {
                        text = "'" + text
                    }
                    out += quote(text)
                }
                out += "\n"
            }
            try emit(out)
        }
    }

    /// What a streaming renderer emits, as one string (tests, the fuzzer).
    static func collected(_ render: (TextSink) throws(Diagnostic) -> Void) -> String {
        var out = ""
        try? render { (text: String) throws(Diagnostic) in out += text }
        return out
    }

    private static func quote(_ text: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n", so a CRLF inside a value
        // went out unquoted and split its row.
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// JSON: numbers as numbers, durations as days, dates as ISO strings, nulls as null.
    public static func json(_ result: QueryResult) -> String {
        collected { (emit: TextSink) throws(Diagnostic) in try json(result, cancellation: nil, to: emit) }
    }

    /// JSON, a chunk of rows at a time.
    public static func json(_ result: QueryResult, cancellation: CancellationFlag?, to emit: TextSink)
        throws(Diagnostic)
    {
        guard result.rowCount > 0 else { return try emit("[]\n") }
        let names = result.columnNames.map(jsonString)
        let encodings = result.relation.fields.map(\.info.encoding)
        try emit("[\n")
        try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
            var out = ""
            for r in rows {
                out += r == 0 ? "  {" : ",\n  {"
                for c in names.indices {
                    if c > 0 { out += ", " }
                    out += names[c] + ": " + jsonValue(result.value(row: r, column: c), encodings[c])
                }
                out += "}"
            }
            try emit(out)
        }
        try emit("\n]\n")
    }

    /// A value as JSON; the `sparkline` aggregate's counts ("3 0 1") as an array of numbers ([3, 0, 1]).
    static func jsonValue(_ value: Scalar, _ encoding: CellEncoding? = nil) -> String {
        if encoding == .monthlyCounts, case .string(let text) = value {
            let parts = text.split(separator: " ", omittingEmptySubsequences: false)
            if parts.allSatisfy({ Int($0) != nil }) { return "[" + parts.joined(separator: ", ") + "]" }
        }
        if encoding == .series, case .string(let text) = value {
            let parts = text.split(separator: " ", omittingEmptySubsequences: false)
            if parts.allSatisfy({ $0.isEmpty || Double($0) != nil }) {
                return "[" + parts.map { $0.isEmpty ? "null" : String($0) }.joined(separator: ", ") + "]"
            }
        }
        switch value {
        case .null: return "null"
        case .int, .duration: return ValueFormatter.plain(value)
        case .double(let d): return d.isFinite ? ValueFormatter.plain(value) : "null"
        case .bool(let b): return b ? "true" : "false"
        default: return jsonString(ValueFormatter.plain(value))
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A GitHub-flavoured Markdown table.
    public static func markdown(_ result: QueryResult) -> String {
        collected { (emit: TextSink) throws(Diagnostic) in try markdown(result, cancellation: nil, to: emit) }
    }

    /// A Markdown table, a chunk of rows at a time.
    public static func markdown(_ result: QueryResult, cancellation: CancellationFlag?, to emit: TextSink)
        throws(Diagnostic)
    {
        let types = result.columnTypes
        let columns = result.columnNames.count
        var head = "| " + result.columnNames.map(markdownCell).joined(separator: " | ") + " |\n"
        head += "|" + types.map { ValueFormatter.isRightAligned($0) ? " ---: |" : " --- |" }.joined() + "\n"
        try emit(head)
        let cellText = CellText(result, unicode: true, drawsSparklines: false)
        try RowChunks.forEach(result.rowCount, cancellation: cancellation) { rows throws(Diagnostic) in
            var out = ""
            for r in rows {
                let cells = (0..<columns).map { markdownCell(cellText.human(row: r, column: $0)) }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            try emit(out)
        }
    }

    /// A Markdown table cell: `&`, `<` and `>` as entities (Markdown passes HTML through, so a value holding
    /// `<script>` would run where the table is rendered), `|` escaped, line breaks as `<br>` (a raw one ends the row).
    static func markdownCell(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "\r": out += "<br>"
            case "\n": if !previousCR { out += "<br>" }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

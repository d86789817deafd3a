import PipeQEngine
import PipeQStorage

/// CSV (RFC 4180 quoting), JSON (an array of objects) and Markdown tables.
public enum MachineRenderers {
    /// CSV. With `spreadsheetSafe`, text cells starting with = + - @, a tab or a carriage return (OWASP's CSV
    /// injection list) are prefixed with ' so spreadsheets do not run them.
    public static func csv(_ result: QueryResult, spreadsheetSafe: Bool = false) -> String {
        var out = result.columnNames.map { quote($0) }.joined(separator: ",") + "\n"
        for r in 0..<result.rowCount {
            out += (0..<result.columnNames.count).map { c -> String in
                let value = result.value(row: r, column: c)
                var text = ValueFormatter.plain(value)
                if spreadsheetSafe, case .string = value, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                    text = "'" + text
                }
                return quote(text)
            }.joined(separator: ",") + "\n"
        }
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
        var rows: [String] = []
        for r in 0..<result.rowCount {
            let fields = (0..<result.columnNames.count).map { c in
                jsonString(result.columnNames[c]) + ": " + jsonValue(result.value(row: r, column: c))
            }
            rows.append("  {" + fields.joined(separator: ", ") + "}")
        }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }

    static func jsonValue(_ value: Scalar) -> String {
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
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A GitHub-flavoured Markdown table.
    public static func markdown(_ result: QueryResult) -> String {
        let types = result.columnTypes
        var out = "| " + result.columnNames.map(markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + types.map { ValueFormatter.isRightAligned($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for r in 0..<result.rowCount {
            let cells = (0..<result.columnNames.count).map { markdownCell(ValueFormatter.human(result.value(row: r, column: $0))) }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
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

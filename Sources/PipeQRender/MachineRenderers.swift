import PipeQEngine
import PipeQStorage

/// CSV (RFC 4180 quoting), JSON (an array of objects) and Markdown tables.
public enum MachineRenderers {
    /// CSV. With `spreadsheetSafe`, cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.
    public static func csv(_ result: QueryResult, spreadsheetSafe: Bool = false) -> String {
        var out = result.columnNames.map { quote($0) }.joined(separator: ",") + "\n"
        for r in 0..<result.rowCount {
            out += (0..<result.columnNames.count).map { c -> String in
                let value = result.value(row: r, column: c)
                var text = ValueFormatter.plain(value)
                if spreadsheetSafe, case .string = value, let first = text.first, "=+-@".contains(first) { text = "'" + text }
                return quote(text)
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    private static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
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
        var out = "| " + result.columnNames.joined(separator: " | ") + " |\n"
        out += "|" + types.map { ValueFormatter.isRightAligned($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for r in 0..<result.rowCount {
            let cells = (0..<result.columnNames.count).map {
                ValueFormatter.human(result.value(row: r, column: $0)).replacingOccurrences(of: "|", with: "\\|")
            }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}

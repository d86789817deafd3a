import PipeQCore
import PipeQEngine

/// `split_part` and regular expressions per dialect.
extension SQLExpressionCompiler {
    /// `split_part(x, separator, n)`: the n-th piece (negative from the end), "" past the end, as the engine's.
    /// PostgreSQL (14 on) and DuckDB have it; SQLite reads the pieces as a JSON array (the text and the separator
    /// escaped as JSON strings, the separator then replaced by `","`).
    func splitPart(_ x: String, separator: String, part: Int64) -> String {
        switch dialect {
        case .postgres, .duckdb:
            return "split_part(\(x), \(dialect.string(separator)), \(part))"
        case .sqlite:
            let escaped = jsonEscaped(x)
            let sep = dialect.string(Self.jsonEscape(separator))
            let array = "('[\"' || replace(\(escaped), \(sep), '\",\"') || '\"]')"
            let path = part > 0 ? "$[\(part - 1)]" : "$[#\(part)]"
            return "(CASE WHEN \(x) IS NULL THEN NULL ELSE coalesce(json_extract(\(array), '\(path)'), '') END)"
        }
    }

    /// A text escaped as the inside of a JSON string, in SQLite's SQL: backslashes, quotes, tabs and line breaks
    /// (a text with another control character fails the statement: 31 nested `replace` calls overflow SQLite's
    /// parser).
    private func jsonEscaped(_ x: String) -> String {
        var out = "replace(replace(\(x), '\\', '\\\\'), '\"', '\\\"')"
        for code in [9, 10, 13] {
            let escape = String(format4: code)
            out = "replace(\(out), char(\(code)), '\(escape)')"
        }
        return out
    }

    /// The same escaping of a constant.
    static func jsonEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case _ where scalar.value < 32: out += String(format4: Int(scalar.value))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `x matches pattern`. SQLite's `REGEXP` calls a function the application defines: the sqlite3 shell has
    /// one built in (ext/misc/regexp.c, since 3.36), which is what the SQLite SQL is written for. Its syntax has no
    /// `(?i)`, so a leading one becomes a match of lowercased text against the lowercased pattern (escapes such as
    /// `\D` kept); it knows `\d \w \s`, classes, `{n,m}` and groups, not look-arounds or back-references.
    func regexMatch(_ x: String, _ pattern: String) -> String {
        switch dialect {
        case .postgres: return "(\(x) ~ \(dialect.string(pattern)))"
        case .duckdb: return "regexp_matches(\(x), \(dialect.string(pattern)))"
        case .sqlite:
            guard pattern.hasPrefix("(?i)") else { return "(\(x) REGEXP \(dialect.string(pattern)))" }
            return "(lower(\(x)) REGEXP \(dialect.string(Self.lowercasedPattern(String(pattern.dropFirst(4))))))"
        }
    }

    /// A pattern's letters in lower case, except the one after a backslash (`\D`, `\S`, `\W` mean other things).
    static func lowercasedPattern(_ pattern: String) -> String {
        var out = ""
        var escaped = false
        for c in pattern {
            out += escaped ? String(c) : c.lowercased()
            escaped = !escaped && c == "\\"
        }
        return out
    }
}

extension String {
    /// `\u00XX`: a control character as JSON writes it.
    fileprivate init(format4 code: Int) {
        let hex = String(code, radix: 16)
        self = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

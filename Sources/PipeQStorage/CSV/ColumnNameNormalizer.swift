/// Turns CSV headers and file names into snake_case identifiers.
///
/// Words are runs of letters and digits; everything else separates words and is dropped
/// (`Amount ($)` → `amount`). camelCase and PascalCase split at case changes (`closeValue` →
/// `close_value`, `HTTPStatus` → `http_status`); all-caps stays one word (`FIELD_KEY` → `field_key`).
/// Letters are lowercased, non-ASCII letters kept. A name starting with a digit gets a `_` prefix
/// (`2024 Revenue` → `_2024_revenue`). A header with no letters or digits at all (including an empty
/// one) is named `column_<N>`, N being its 1-based position.
public enum ColumnNameNormalizer {
    /// The snake_case form of `text`, or "" when it has no letters or digits.
    public static func snakeCase(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        var previous: Character? = nil
        let characters = Array(text)
        for (i, ch) in characters.enumerated() {
            guard ch.isLetter || ch.isNumber else {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                previous = nil
                continue
            }
            if let prev = previous, !current.isEmpty, ch.isUppercase {
                let next = i + 1 < characters.count ? characters[i + 1] : nil
                // lower→Upper ("closeValue") or the last capital of an acronym before a lowercase
                // letter ("HTTPStatus": split before "S").
                if prev.isLowercase || prev.isNumber || (prev.isUppercase && (next?.isLowercase ?? false)) {
                    words.append(current)
                    current = ""
                }
            }
            current += ch.lowercased()
            previous = ch
        }
        if !current.isEmpty { words.append(current) }
        var name = words.joined(separator: "_")
        if let first = name.first, first.isNumber { name = "_" + name }
        return name
    }

    /// The column name for the header at 0-based `index`.
    public static func columnName(header: String, index: Int) -> String {
        let name = snakeCase(header)
        return name.isEmpty ? "column_\(index + 1)" : name
    }

    /// The default table name for a file path: the file name without its extension, snake_cased.
    public static func tableName(forPath path: String) -> String {
        var file = Substring(path)
        if let slash = file.lastIndex(of: "/") { file = file[file.index(after: slash)...] }
        if let dot = file.lastIndex(of: "."), dot != file.startIndex { file = file[..<dot] }
        let name = snakeCase(String(file))
        return name.isEmpty ? "table" : name
    }
}

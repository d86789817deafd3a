import PipeQEngine
import PipeQStorage

/// The distinct values of a string column, read from its dictionary (never from the rows), quoted as
/// query literals.
public enum ValueCandidates {
    /// Dictionaries larger than this (ids, free text) are not offered: listing them would not help and
    /// filtering them would be slow.
    public static let maximumDictionarySize = 100_000

    /// The table a source name finally reads from, following `let` names to their sources.
    public static func baseTable(for source: String, in engine: QueryEngine) -> Table? {
        var name = source
        for _ in 0..<32 {
            if let table = engine.catalog.table(named: name) { return table }
            guard let definition = engine.lets[name] else { return nil }
            name = definition.query.source
        }
        return nil
    }

    /// The dictionary values of `column` in `table` (by column or role name), or nil when it is not a string column.
    public static func values(of column: String, in table: Table) -> [String]? {
        // The size test comes first: a dictionary that was not deduplicated is not deduplicated for a Tab.
        guard let field = table.field(named: column), case .string(_, let stored) = field.column.values,
            stored.count <= maximumDictionarySize, let (_, dictionary) = field.column.values.distinctStrings
        else { return nil }
        return dictionary.values
    }

    /// `value` as a complete literal: `"value"` with `\` and `"` escaped.
    public static func quoted(_ value: String) -> String {
        "\"" + escaped(value, quote: "\"") + "\""
    }

    /// `value` as the inside of a literal quoted with `quote` (backslash escapes).
    public static func escaped(_ value: String, quote: Character) -> String {
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }
}

/// A value in the TOML subset pipeq reads.
enum TOMLValue: Equatable {
    case string(String)
    /// A number with the text it was written as (to tell integers from decimals).
    case number(Double, text: String)
    case bool(Bool)
    case stringArray([String])

    /// How the value's type is named in error messages.
    var kindName: String {
        switch self {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true/false"
        case .stringArray: return "an array"
        }
    }
}

/// `key = value` with where both sit (1-based line and columns).
struct TOMLEntry {
    var key: String
    var value: TOMLValue
    var line: Int
    var keyColumn: Int
    var valueColumn: Int
}

/// A `[table]`, one element of an `[[array]]`, or the top level (name "").
struct TOMLTable {
    var name: String
    var isArrayElement: Bool
    var line: Int
    var column: Int
    var entries: [TOMLEntry] = []
    /// The second part of a dotted table name: `deals.csv` in `[file."deals.csv"]`.
    var qualifier: String? = nil

    /// `[[stage]]`, `[roles]` or `[file."deals.csv"]`, as written in the file.
    var displayName: String {
        let full = qualifier.map { "\(name).\"\($0)\"" } ?? name
        return name.isEmpty ? "the top level" : isArrayElement ? "[[\(full)]]" : "[\(full)]"
    }
}

/// A parsed file: the top-level table, then every table header in file order.
struct TOMLDocument {
    var root = TOMLTable(name: "", isArrayElement: false, line: 1, column: 1)
    var tables: [TOMLTable] = []
}

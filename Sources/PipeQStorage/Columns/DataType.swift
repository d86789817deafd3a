/// The logical type of a column or expression.
public enum DataType: String, Sendable, Hashable, CaseIterable {
    case int, double, bool, date, timestamp, duration, string

    public var isNumeric: Bool { self == .int || self == .double }
    public var isTemporal: Bool { self == .date || self == .timestamp }

    /// The name used in error messages: integers and decimals are both "number" there.
    public var messageName: String { isNumeric ? "number" : displayName }

    /// The name with its article, for messages ("a date", "an integer").
    public var withArticle: String {
        (messageName.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + messageName
    }

    /// The name shown to users in schemas.
    public var displayName: String {
        switch self {
        case .int: return "integer"
        case .double: return "number"
        case .bool: return "boolean"
        case .date: return "date"
        case .timestamp: return "datetime"
        case .duration: return "duration"
        case .string: return "string"
        }
    }
}

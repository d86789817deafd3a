import PipeQCore

/// The error for a construct the SQL backend cannot write yet: it names the construct and points at it, and says
/// how to run the query anyway (in memory, after `.load`).
public enum SQLUnsupported {
    public static func error(_ construct: String, span: SourceSpan? = nil, dialect: SQLDialect) -> Diagnostic {
        let message = "\(construct) cannot be compiled to \(dialect.displayName) SQL yet"
        let hint = "run it in memory: without --sql, or after .load TABLE for a database source"
        if let span { return Diagnostic(.bind, message, span: span, hint: hint) }
        return Diagnostic(.bind, message, hint: hint)
    }
}

extension SQLDialect {
    /// The name users know the engine by.
    public var displayName: String {
        switch self {
        case .postgres: return "PostgreSQL"
        case .duckdb: return "DuckDB"
        case .sqlite: return "SQLite"
        }
    }
}

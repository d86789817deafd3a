import PipeQCore

/// A duration as written: calendar months plus fixed microseconds (`3mo`, `1y`, `30d`, `12h`).
public struct DurationLiteral: Sendable, Hashable {
    public var months: Int
    public var micros: Int64

    public init(months: Int = 0, micros: Int64 = 0) {
        self.months = months
        self.micros = micros
    }

    /// The fixed length used when compared with measured durations: 1mo = 30 days, 1y = 365 days.
    public var approximateMicros: Int64 {
        let years = Int64(months / 12)
        let rest = Int64(months % 12)
        return micros + (years * 365 + rest * 30) * CivilTime.microsPerDay
    }
}

/// The kinds of token the lexer produces. Keywords are identifiers, recognised case-insensitively by the parser.
public enum TokenKind: Sendable, Equatable {
    case identifier(String)
    /// A back-quoted name: never a keyword.
    case quotedIdentifier(String)
    case string(String)
    case integer(Int64)
    case decimal(Double)
    case duration(DurationLiteral)
    case date(Int32)
    case timestamp(Int64)
    case symbol(Symbol)
    case endOfInput
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case tildeEqual = "~="
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case leftParen = "("
    case rightParen = ")"
    case comma = ","
    case pipe = "|"
    case semicolon = ";"
}

/// A token and where it stands in the query text.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: SourceSpan

    public init(_ kind: TokenKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The identifier's text, lower-cased, when the token is a bare identifier (for keyword checks).
    public var keyword: String? {
        if case .identifier(let name) = kind { return name.lowercased() }
        return nil
    }

    /// The name a bare or back-quoted identifier gives, as written.
    public var nameText: String? {
        switch kind {
        case .identifier(let name), .quotedIdentifier(let name): return name
        default: return nil
        }
    }

    public func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }

    /// How the token reads in an error message.
    public var displayText: String {
        switch kind {
        case .identifier(let s): return "\"\(s)\""
        case .quotedIdentifier(let s): return "`\(s)`"
        case .string(let s): return "string \"\(s)\""
        case .integer(let v): return "number \(v)"
        case .decimal(let v): return "number \(v)"
        case .duration: return "duration"
        case .date(let d): return "date \(CivilTime.formatDate(Int(d)))"
        case .timestamp(let t): return "datetime \(CivilTime.formatTimestamp(t))"
        case .symbol(let s): return "\"\(s.rawValue)\""
        case .endOfInput: return "end of query"
        }
    }
}

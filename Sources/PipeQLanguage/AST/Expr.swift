import PipeQCore

/// A literal value as written in a query.
public enum Literal: Sendable, Equatable {
    case integer(Int64)
    case decimal(Double)
    case string(String)
    case bool(Bool)
    case null
    case date(Int32)
    case timestamp(Int64)
    case duration(DurationLiteral)
    /// The as-of date (a date).
    case today
    /// The as-of instant (a datetime): midnight at the start of the as-of date when the date is fixed.
    case now
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not
}

public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    /// Case-insensitive string equality.
    case equalIgnoringCase = "~="
    case and, or
}

public enum StringMatch: String, Sendable, CaseIterable {
    case contains
    case startsWith = "starts with"
    case endsWith = "ends with"
    /// `contains` ignoring letter case.
    case icontains
    /// SQL LIKE: `%` any run of characters, `_` one character; `ilike` ignores letter case.
    case like, ilike
    /// A regular expression found anywhere in the string (ICU syntax, as NSRegularExpression reads it).
    case matches
}

/// One `when CONDITION then VALUE` of a `case` expression.
public struct WhenClause: Sendable, Equatable {
    public var condition: Expr
    public var value: Expr

    public init(condition: Expr, value: Expr) {
        self.condition = condition
        self.value = value
    }
}

/// An expression with the span of text it came from.
public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case literal(Literal)
        case column(String)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `f(args…)`; `nameSpan` is the function name's span.
        case call(String, nameSpan: SourceSpan, [Expr])
        case inList(Expr, [Expr], negated: Bool)
        case between(Expr, Expr, Expr, negated: Bool)
        case isNull(Expr, negated: Bool)
        case match(StringMatch, Expr, Expr, negated: Bool)
        /// `x desc` as an argument of a window function that orders (`rank(value desc)`); nowhere else.
        case ordered(Expr, descending: Bool)
        /// `case when C then A [when …] [else B] end`; `if(C, A, B)` is a call the binder reads as one.
        case caseWhen([WhenClause], otherwise: Expr?)
    }

    public var kind: Kind
    public var span: SourceSpan

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

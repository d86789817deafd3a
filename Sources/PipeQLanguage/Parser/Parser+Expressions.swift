import PipeQCore

/// Expressions, loosest binding first:
/// ```
/// expr       := and ('or' and)*
/// and        := not ('and' not)*
/// not        := 'not' not | comparison
/// comparison := additive [compare-op additive | [not] in '(' list ')' | [not] between additive 'and' additive
///                         | is [not] null | [not] (contains | icontains | starts with | ends with | like | ilike
///                         | matches) additive]
/// additive   := term (('+' | '-') term)*
/// term       := unary (('*' | '/') unary)*
/// unary      := '-' unary | primary
/// primary    := literal | NAME | NAME '(' [expr (',' expr)*] ')' | '(' expr ')'
///             | 'case' ('when' expr 'then' expr)+ ['else' expr] 'end'
/// ```
/// Chains are parsed iteratively but build left-deep trees that the binder and evaluator walk
/// recursively, so each operator of a chain counts as a level of nesting like a parenthesis does:
/// `1+1+…` with thousands of terms is refused as "too deeply nested" instead of overflowing the stack.
extension Parser {
    mutating func expression() throws(Diagnostic) -> Expr {
        try enterNesting()
        defer { leaveNesting() }
        var left = try andExpression()
        let outer = depth
        defer { depth = outer }
        while current.keyword == "or" {
            advance()
            try enterNesting()
            let right = try andExpression()
            left = Expr(.binary(.or, left, right), left.span.merged(with: right.span))
        }
        return left
    }

    mutating func andExpression() throws(Diagnostic) -> Expr {
        var left = try notExpression()
        let outer = depth
        defer { depth = outer }
        while current.keyword == "and" {
            advance()
            try enterNesting()
            let right = try notExpression()
            left = Expr(.binary(.and, left, right), left.span.merged(with: right.span))
        }
        return left
    }

    mutating func notExpression() throws(Diagnostic) -> Expr {
        if current.keyword == "not" {
            let start = current.span
            advance()
            try enterNesting()
            defer { leaveNesting() }
            let operand = try notExpression()
            return Expr(.unary(.not, operand), start.merged(with: operand.span))
        }
        return try comparison()
    }

    mutating func comparison() throws(Diagnostic) -> Expr {
        let left = try additive()
        if case .symbol(let symbol) = current.kind, let op = Self.comparisonOperator(symbol) {
            advance()
            let right = try additive()
            return Expr(.binary(op, left, right), left.span.merged(with: right.span))
        }
        var negated = false
        if current.keyword == "not",
            (["in", "between", "starts", "ends"] + Self.matchWords).contains(peek(1).keyword ?? "")
        {
            negated = true
            advance()
        }
        switch current.keyword {
        case "in":
            advance()
            try expect(.leftParen, "expected \"(\" after \"in\"")
            var items: [Expr] = []
            if !current.isSymbol(.rightParen) {
                repeat {
                    if current.isSymbol(.comma) { advance() }
                    items.append(try expression())
                } while current.isSymbol(.comma)
            }
            try expect(.rightParen, "expected \",\" or \")\" in the \"in\" list")
            if items.isEmpty { throw Diagnostic(.parse, "an \"in\" list needs at least one value", span: previousSpan) }
            return Expr(.inList(left, items, negated: negated), left.span.merged(with: previousSpan))
        case "between":
            advance()
            let low = try additive()
            guard current.keyword == "and" else { throw unexpected("expected \"and\" in \"between … and …\"") }
            advance()
            let high = try additive()
            return Expr(.between(left, low, high, negated: negated), left.span.merged(with: high.span))
        case "is":
            advance()
            var isNot = false
            if current.keyword == "not" {
                isNot = true
                advance()
            }
            guard current.keyword == "null" else { throw unexpected("expected \"null\" after \"is\"") }
            advance()
            return Expr(.isNull(left, negated: isNot), left.span.merged(with: previousSpan))
        case let word? where Self.matchWords.contains(word):
            let kind = StringMatch(rawValue: word) ?? .contains
            advance()
            let right = try additive()
            return Expr(.match(kind, left, right, negated: negated), left.span.merged(with: right.span))
        case "starts", "ends":
            let kind: StringMatch = current.keyword == "starts" ? .startsWith : .endsWith
            advance()
            guard current.keyword == "with" else {
                throw unexpected("expected \"with\" after \"\(kind == .startsWith ? "starts" : "ends")\"")
            }
            advance()
            let right = try additive()
            return Expr(.match(kind, left, right, negated: negated), left.span.merged(with: right.span))
        default:
            if negated {
                throw unexpected(
                    "expected \"in\", \"between\", \"contains\", \"like\", \"starts with\" or \"ends with\" after \"not\""
                )
            }
            return left
        }
    }

    /// The one-word string tests: `name contains "x"`, `name like "%x%"`, `name matches "^A"`.
    static let matchWords = ["contains", "icontains", "like", "ilike", "matches"]

    /// `case when C then A [when …] [else B] end`, after the `case`.
    mutating func caseExpression(start: SourceSpan) throws(Diagnostic) -> Expr {
        try enterNesting()
        defer { leaveNesting() }
        var clauses: [WhenClause] = []
        while current.keyword == "when" {
            advance()
            let condition = try expression()
            guard current.keyword == "then" else {
                throw unexpected("expected \"then\" after the condition of \"when\"")
            }
            advance()
            clauses.append(WhenClause(condition: condition, value: try expression()))
        }
        if clauses.isEmpty {
            throw unexpected(
                "expected \"when\" after \"case\"", hint: "e.g. case when value > 50k then \"large\" else \"small\" end"
            )
        }
        var otherwise: Expr?
        if current.keyword == "else" {
            advance()
            otherwise = try expression()
        }
        guard current.keyword == "end" else {
            throw unexpected(
                "expected \"when\", \"else\" or \"end\" in the \"case\" expression",
                hint: "a case expression ends with \"end\"")
        }
        advance()
        return Expr(.caseWhen(clauses, otherwise: otherwise), start.merged(with: previousSpan))
    }

    static func comparisonOperator(_ symbol: Symbol) -> BinaryOperator? {
        switch symbol {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .tildeEqual: return .equalIgnoringCase
        default: return nil
        }
    }

    mutating func additive() throws(Diagnostic) -> Expr {
        var left = try term()
        let outer = depth
        defer { depth = outer }
        while current.isSymbol(.plus) || current.isSymbol(.minus) {
            let op: BinaryOperator = current.isSymbol(.plus) ? .add : .subtract
            advance()
            try enterNesting()
            let right = try term()
            left = Expr(.binary(op, left, right), left.span.merged(with: right.span))
        }
        return left
    }

    mutating func term() throws(Diagnostic) -> Expr {
        var left = try unary()
        let outer = depth
        defer { depth = outer }
        while current.isSymbol(.star) || current.isSymbol(.slash) {
            let op: BinaryOperator = current.isSymbol(.star) ? .multiply : .divide
            advance()
            try enterNesting()
            let right = try unary()
            left = Expr(.binary(op, left, right), left.span.merged(with: right.span))
        }
        return left
    }

    mutating func unary() throws(Diagnostic) -> Expr {
        if current.isSymbol(.minus) {
            let start = current.span
            advance()
            try enterNesting()
            defer { leaveNesting() }
            let operand = try unary()
            // Fold negative numeric literals so `-5` is a literal.
            switch operand.kind {
            case .literal(.integer(let v)): return Expr(.literal(.integer(-v)), start.merged(with: operand.span))
            case .literal(.decimal(let v)): return Expr(.literal(.decimal(-v)), start.merged(with: operand.span))
            default: return Expr(.unary(.negate, operand), start.merged(with: operand.span))
            }
        }
        return try primary()
    }

    mutating func primary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let v):
            advance()
            return Expr(.literal(.integer(v)), token.span)
        case .decimal(let v):
            advance()
            return Expr(.literal(.decimal(v)), token.span)
        case .string(let s):
            advance()
            return Expr(.literal(.string(s)), token.span)
        case .duration(let d):
            advance()
            return Expr(.literal(.duration(d)), token.span)
        case .date(let d):
            advance()
            return Expr(.literal(.date(d)), token.span)
        case .timestamp(let t):
            advance()
            return Expr(.literal(.timestamp(t)), token.span)
        case .quotedIdentifier(let name):
            advance()
            return Expr(.column(name), token.span)
        case .symbol(.leftParen):
            advance()
            try enterNesting()
            defer { leaveNesting() }
            let inner = try expression()
            try expect(.rightParen, "expected \")\"")
            return Expr(inner.kind, token.span.merged(with: previousSpan))
        case .identifier(let name):
            switch name.lowercased() {
            case "true":
                advance()
                return Expr(.literal(.bool(true)), token.span)
            case "false":
                advance()
                return Expr(.literal(.bool(false)), token.span)
            case "null":
                advance()
                return Expr(.literal(.null), token.span)
            case "today" where !peek(1).isSymbol(.leftParen):
                advance()
                return Expr(.literal(.today), token.span)
            case "now" where !peek(1).isSymbol(.leftParen):
                advance()
                return Expr(.literal(.now), token.span)
            case "case" where peek(1).keyword == "when":
                advance()
                return try caseExpression(start: token.span)
            default: break
            }
            if Self.reservedWords.contains(name.lowercased()) {
                throw unexpected("expected a value or column name", hint: keywordAsNameHint(inExpression: true))
            }
            advance()
            guard current.isSymbol(.leftParen) else { return Expr(.column(name), token.span) }
            advance()
            try enterNesting()
            defer { leaveNesting() }
            var arguments: [Expr] = []
            if !current.isSymbol(.rightParen) {
                repeat {
                    if current.isSymbol(.comma) { advance() }
                    let argument = try expression()
                    if WindowFunction(rawValue: name.lowercased())?.takesOrder == true, let word = current.keyword,
                        word == "asc" || word == "desc"
                    {
                        advance()
                        arguments.append(
                            Expr(
                                .ordered(argument, descending: word == "desc"), argument.span.merged(with: previousSpan)
                            ))
                    } else {
                        arguments.append(argument)
                    }
                } while current.isSymbol(.comma)
            }
            try expect(.rightParen, "expected \",\" or \")\" after the arguments of \(name)()")
            return Expr(.call(name, nameSpan: token.span, arguments), token.span.merged(with: previousSpan))
        case .endOfInput:
            throw Diagnostic(.parse, "expected a value or column name, found the end of the query", span: token.span)
        default:
            throw unexpected("expected a value or column name")
        }
    }

    /// True when the current token can begin an expression (used to tell `count` from `count x`).
    var startsExpression: Bool {
        switch current.kind {
        case .identifier(let name): return !Self.reservedWords.contains(name.lowercased()) || name.lowercased() == "not"
        case .symbol(let s): return s == .leftParen || s == .minus
        case .endOfInput: return false
        default: return true
        }
    }
}

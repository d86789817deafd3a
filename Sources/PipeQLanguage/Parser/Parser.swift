import PipeQCore

/// Tokens → AST by recursive descent, one method per grammar rule.
///
/// ```
/// statement  := 'let' NAME '=' query | query
/// query      := NAME ['asof' primary] ['where' expr] ('|' stage)*
/// ```
/// Stages are in `Parser+Stages.swift`, expressions in `Parser+Expressions.swift`.
public struct Parser {
    var tokens: [Token]
    var index = 0
    var depth = 0
    /// Nesting beyond this is refused with a clear error rather than risking the stack.
    static let maximumDepth = 200

    /// Words that end an expression and so can never be column names without backquotes.
    public static let reservedWords: Set<String> = [
        "where", "by", "and", "or", "not", "in", "between", "is", "asc", "desc", "contains", "starts", "ends",
    ]

    /// Words an operand reads as values rather than columns (unless a call follows): the as-of date and the
    /// current instant. Completion offers them beside the functions.
    public static let dateWords = ["today", "now"]

    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses one statement from text.
    public static func parse(_ text: String) throws(Diagnostic) -> Statement {
        let tokens = try Lexer.tokenize(text)
        do throws(Diagnostic) {
            var parser = Parser(tokens: tokens)
            let statement = try parser.statement()
            if parser.current.isSymbol(.semicolon) { parser.advance() }
            guard parser.current.kind == .endOfInput else {
                throw parser.unexpected("expected \"|\" or the end of the query", hint: parser.unquotedTextHint())
            }
            return statement
        } catch {
            throw foreignStatement(tokens, text: text) ?? error
        }
    }

    // MARK: - Statements

    mutating func statement() throws(Diagnostic) -> Statement {
        if current.keyword == "let", case .identifier = peek(1).kind {
            advance()
            let (name, nameSpan) = try expectName("a name after \"let\"")
            try expect(.equal, "expected \"=\" after the name in \"let \(name) = …\"")
            return .letBinding(name: name, nameSpan: nameSpan, query: try query())
        }
        return .query(try query())
    }

    mutating func query() throws(Diagnostic) -> Query {
        let start = current.span
        let (source, sourceSpan) = try expectName("a table name to start the query (e.g. \"deals\")")
        var asOf: Expr?
        if current.keyword == "asof" {
            advance()
            asOf = try primary()
        }
        var stages: [Stage] = []
        if current.keyword == "where" {
            let keyword = current.span
            advance()
            let predicate = try expression()
            stages.append(Stage(.filter(predicate), span: keyword.merged(with: predicate.span), keywordSpan: keyword))
        }
        while current.isSymbol(.pipe) {
            let pipe = current.span
            advance()
            guard current.kind != .endOfInput, !current.isSymbol(.semicolon), !current.isSymbol(.pipe) else {
                throw Diagnostic(
                    .parse, "expected a stage after \"|\"", span: current.kind == .endOfInput ? pipe : current.span,
                    hint: "e.g. \"| count\", \"| where …\", \"| sort value desc\"")
            }
            stages.append(try stage())
        }
        return Query(
            source: source, sourceSpan: sourceSpan, asOf: asOf, stages: stages, span: start.merged(with: previousSpan))
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }
    var previousSpan: SourceSpan { index > 0 ? tokens[index - 1].span : tokens[0].span }

    func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func expect(_ symbol: Symbol, _ message: String) throws(Diagnostic) {
        guard current.isSymbol(symbol) else { throw unexpected(message) }
        advance()
    }

    /// A bare or back-quoted name that is not a reserved word.
    mutating func expectName(_ what: String) throws(Diagnostic) -> (String, SourceSpan) {
        switch current.kind {
        case .identifier(let name) where !Self.reservedWords.contains(name.lowercased()):
            advance()
            return (name, previousSpan)
        case .quotedIdentifier(let name):
            advance()
            return (name, previousSpan)
        default:
            throw unexpected("expected \(what)", hint: keywordAsNameHint())
        }
    }

    /// For a keyword where a name was expected (a table or column called `where`): how to use it as one. In an
    /// expression, only for words that cannot start or continue one there (`between` there is a missing column).
    func keywordAsNameHint(inExpression: Bool = false) -> String? {
        guard case .identifier(let name) = current.kind, Self.reservedWords.contains(name.lowercased()),
            !inExpression || ["where", "by", "asc", "desc"].contains(name.lowercased())
        else { return nil }
        return "\"\(name)\" is a keyword; to use it as a table or column name, write it in backticks: `\(name)`"
    }

    /// Consumes an optional `asc`/`desc`, returning true for descending.
    mutating func sortDirection(default descending: Bool) -> Bool {
        switch current.keyword {
        case "asc":
            advance()
            return false
        case "desc":
            advance()
            return true
        default: return descending
        }
    }

    func unexpected(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.parse, "\(message), found \(current.displayText)", span: current.span, hint: hint)
    }

    mutating func enterNesting() throws(Diagnostic) {
        depth += 1
        if depth > Self.maximumDepth {
            throw Diagnostic(
                .parse, "query too deeply nested (more than \(Self.maximumDepth) levels)", span: current.span)
        }
    }

    mutating func leaveNesting() { depth -= 1 }
}

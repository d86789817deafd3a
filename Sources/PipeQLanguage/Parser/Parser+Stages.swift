import PipeQCore

/// Pipeline stages:
/// ```
/// stage     := 'where' expr | 'select' named (',' named)* | 'extend' named (',' named)*
///            | 'sort' sortkey (',' sortkey)* | 'top' INT 'by' sortkey (',' sortkey)* | 'limit' INT
///            | 'distinct' [named (',' named)*] | aggregates ['by' named (',' named)*]
///            | VERB arg* ['by' named (',' named)*]
/// aggregates := aggregate (',' aggregate)*
/// aggregate  := [NAME '='] FUNCTION ['distinct'] [expr] ['where' expr]
/// named      := [NAME '='] expr
/// sortkey    := expr ['asc' | 'desc']
/// ```
extension Parser {
    /// Stage keywords, for errors and completion.
    public static let stageKeywords = ["where", "select", "extend", "sort", "top", "limit", "distinct"]

    mutating func stage() throws(Diagnostic) -> Stage {
        let keywordSpan = current.span
        let word = current.keyword
        // `name = aggregate …` starts an aggregate list.
        if case .identifier = current.kind, peek(1).isSymbol(.equal) {
            return try aggregateStage(keywordSpan)
        }
        switch word {
        case "where", "filter":
            advance()
            let predicate = try expression()
            return Stage(.filter(predicate), span: keywordSpan.merged(with: predicate.span), keywordSpan: keywordSpan)
        case "select", "project":
            advance()
            let items = try namedList()
            return Stage(.select(items), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "extend":
            advance()
            let items = try namedList()
            for item in items where item.name == nil {
                throw Diagnostic(.parse, "extend needs a name for each new column", span: item.expr.span,
                                 hint: "write \"extend name = expression\"")
            }
            return Stage(.extend(items), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "sort", "order":
            advance()
            if current.keyword == "by" { advance() }
            let keys = try sortKeys(defaultDescending: false)
            return Stage(.sort(keys), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "top":
            advance()
            let (count, countSpan) = try count(after: "top")
            guard current.keyword == "by" else { throw unexpected("expected \"by\" after \"top \(count)\"", hint: "e.g. \"top 10 by value\"") }
            advance()
            let keys = try sortKeys(defaultDescending: true)
            return Stage(.top(count, countSpan: countSpan, by: keys), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "limit", "take", "head":
            advance()
            let (count, countSpan) = try count(after: word!)
            return Stage(.limit(count, countSpan: countSpan), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "distinct":
            advance()
            let items = startsExpression ? try namedList() : []
            return Stage(.distinct(items), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        default:
            if case .identifier(let name) = current.kind,
               AggregateFunction.startsAggregateStage(name, followedByComma: peek(1).isSymbol(.comma)) {
                return try aggregateStage(keywordSpan)
            }
            return try verbStage(keywordSpan)
        }
    }

    mutating func aggregateStage(_ start: SourceSpan) throws(Diagnostic) -> Stage {
        var calls: [AggregateCall] = []
        repeat {
            if current.isSymbol(.comma) { advance() }
            calls.append(try aggregate())
        } while current.isSymbol(.comma)
        var keys: [NamedExpr] = []
        if current.keyword == "by" {
            advance()
            keys = try namedList()
        }
        return Stage(.aggregate(calls, by: keys), span: start.merged(with: previousSpan), keywordSpan: start)
    }

    mutating func aggregate() throws(Diagnostic) -> AggregateCall {
        let start = current.span
        var outputName: String?
        if case .identifier(let name) = current.kind, peek(1).isSymbol(.equal) {
            outputName = name
            advance()
            advance()
        }
        guard case .identifier(let name) = current.kind, let function = AggregateFunction.named(name) else {
            let word: String
            if case .identifier(let name) = current.kind { word = name } else { word = "" }
            throw unexpected("expected an aggregate function (count, sum, avg, min, max, median, stddev, pN, winrate)",
                             hint: word.isEmpty ? nil : Suggestions.hint(for: word, in: AggregateFunction.names))
        }
        let functionSpan = current.span
        advance()
        var distinct = false
        if current.keyword == "distinct" {
            distinct = true
            advance()
        }
        var argument: Expr?
        if startsExpression, current.keyword != "where" {
            argument = try expression()
        }
        if let argument, function == .winrate {
            throw Diagnostic(.parse, "winrate takes no column: it is won ÷ (won + lost) deals, from their status", span: argument.span,
                             hint: "e.g. \"winrate, avg value by rep\"; filter first to narrow the deals")
        }
        if argument == nil, function != .count, function != .winrate {
            throw Diagnostic(.parse, "\(function.name) needs a column or expression", span: functionSpan,
                             hint: "e.g. \"\(function.name) value\"")
        }
        if distinct, function == .winrate {
            throw Diagnostic(.parse, "only count takes \"distinct\"", span: functionSpan.merged(with: previousSpan))
        }
        if distinct, argument == nil {
            throw Diagnostic(.parse, "\"count distinct\" needs a column", span: functionSpan.merged(with: previousSpan))
        }
        var filter: Expr?
        if current.keyword == "where" {
            advance()
            filter = try expression()
        }
        return AggregateCall(outputName: outputName, function: function, distinct: distinct, argument: argument,
                             filter: filter, span: start.merged(with: previousSpan))
    }

    mutating func verbStage(_ start: SourceSpan) throws(Diagnostic) -> Stage {
        guard case .identifier(let name) = current.kind else {
            throw unexpected("expected a stage such as where, select, sort, top, limit, count or sum")
        }
        advance()
        var arguments: [VerbArgument] = []
        while startsExpression || current.keyword == "not" {
            if case .identifier(let word) = current.kind, !peek(1).isSymbol(.leftParen), !Self.startsOperator(peek(1)) {
                arguments.append(.word(word, current.span))
                advance()
            } else {
                arguments.append(.expr(try expression()))
            }
            if current.isSymbol(.comma) { advance() }
        }
        var keys: [NamedExpr] = []
        if current.keyword == "by" {
            advance()
            keys = try namedList()
        }
        return Stage(.verb(name, arguments, by: keys), span: start.merged(with: previousSpan), keywordSpan: start)
    }

    static func startsOperator(_ token: Token) -> Bool {
        if case .symbol(let s) = token.kind { return comparisonOperator(s) != nil || [.plus, .minus, .star, .slash].contains(s) }
        return ["in", "between", "is", "contains", "starts", "ends"].contains(token.keyword ?? "")
    }

    mutating func namedList() throws(Diagnostic) -> [NamedExpr] {
        var items: [NamedExpr] = []
        repeat {
            if current.isSymbol(.comma) { advance() }
            if let name = current.nameText, peek(1).isSymbol(.equal) {  // `name = …`, also a back-quoted `where` = …
                let nameSpan = current.span
                advance()
                advance()
                items.append(NamedExpr(name: name, nameSpan: nameSpan, expr: try expression()))
            } else {
                items.append(NamedExpr(expr: try expression()))
            }
        } while current.isSymbol(.comma)
        return items
    }

    mutating func sortKeys(defaultDescending: Bool) throws(Diagnostic) -> [SortKey] {
        var keys: [SortKey] = []
        repeat {
            if current.isSymbol(.comma) { advance() }
            let expr = try expression()
            keys.append(SortKey(expr: expr, descending: sortDirection(default: defaultDescending)))
        } while current.isSymbol(.comma)
        return keys
    }

    mutating func count(after keyword: String) throws(Diagnostic) -> (Int, SourceSpan) {
        var sign: Int64 = 1
        var span = current.span
        if current.isSymbol(.minus) {
            sign = -1
            advance()
            span = span.merged(with: current.span)
        }
        guard case .integer(let value) = current.kind else {
            throw unexpected("expected a whole number after \"\(keyword)\"")
        }
        advance()
        let n = value * sign
        guard n >= 0, n <= Int64(Int32.max) else {
            throw Diagnostic(.parse, "\"\(keyword)\" needs a count from 0 to \(Int32.max), got \(n)", span: span)
        }
        return (Int(n), span)
    }
}

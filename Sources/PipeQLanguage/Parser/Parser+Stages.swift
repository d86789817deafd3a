import PipeQCore

/// Pipeline stages:
/// ```
/// stage     := 'where' expr | 'select' named (',' named)* | 'extend' named [per] (',' named [per])*
///            | 'sort' sortkey (',' sortkey)* | 'top' INT 'by' sortkey (',' sortkey)* [per] | 'limit' INT
///            | 'distinct' [named (',' named)*] | aggregates ['by' named (',' named)*]
///            | VERB arg* ['by' named (',' named)*] | DRAWING arg*
/// aggregates := aggregate (',' aggregate)*
/// aggregate  := [NAME '='] FUNCTION ['distinct'] [expr] ['where' expr]
/// named      := [NAME '='] expr
/// sortkey    := expr ['asc' | 'desc']
/// per        := 'per' named (',' named)*
/// ```
/// Which of these a stage is comes from its first word's entry in `StageTable` (aliases such as `filter` included).
extension Parser {
    mutating func stage() throws(Diagnostic) -> Stage {
        let keywordSpan = current.span
        // `name = aggregate …` starts an aggregate list.
        if case .identifier = current.kind, peek(1).isSymbol(.equal) {
            return try aggregateStage(keywordSpan)
        }
        guard case .identifier(let written) = current.kind, let entry = StageTable.entry(for: written) else {
            return try verbStage(keywordSpan)  // an unknown word: the binder lists the stages
        }
        switch StageTable.reading(of: entry, followedByComma: peek(1).isSymbol(.comma)) {
        case .core: return try coreStage(entry.word, written: written.lowercased(), keywordSpan)
        case .aggregate: return try aggregateStage(keywordSpan)
        case .verb: return try verbStage(keywordSpan, word: entry.word)
        case .presentation:
            advance()
            let (arguments, keys) = try stageArguments()
            return Stage(
                .presentation(entry.word, arguments, by: keys), span: keywordSpan.merged(with: previousSpan),
                keywordSpan: keywordSpan)
        }
    }

    /// A core stage, by its stage-table word; `written` is the spelling used, for messages.
    mutating func coreStage(_ word: String, written: String, _ keywordSpan: SourceSpan) throws(Diagnostic) -> Stage {
        advance()
        switch word {
        case "where":
            let predicate = try expression()
            return Stage(.filter(predicate), span: keywordSpan.merged(with: predicate.span), keywordSpan: keywordSpan)
        case "select":
            let items = try namedList()
            return Stage(.select(items), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "extend":
            var items: [NamedExpr] = []
            var per: [[Expr]] = []
            repeat {
                if current.isSymbol(.comma) { advance() }
                let item = try namedList(single: true)[0]
                if item.name == nil {
                    throw Diagnostic(
                        .parse, "extend needs a name for each new column", span: item.expr.span,
                        hint: "write \"extend name = expression\"")
                }
                items.append(item)
                per.append(try itemPerKeys())
            } while current.isSymbol(.comma)
            return Stage(
                .extend(items, per: per), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "sort":
            if current.keyword == "by" { advance() }
            let keys = try sortKeys(defaultDescending: false)
            return Stage(.sort(keys), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        case "top":
            let (count, countSpan) = try count(after: "top")
            guard current.keyword == "by" else {
                throw unexpected("expected \"by\" after \"top \(count)\"", hint: "e.g. \"top 10 by value\"")
            }
            advance()
            let keys = try sortKeys(defaultDescending: true)
            let per = try perKeys()
            return Stage(
                .top(count, countSpan: countSpan, by: keys, per: per), span: keywordSpan.merged(with: previousSpan),
                keywordSpan: keywordSpan)
        case "limit":
            let (count, countSpan) = try count(after: written)
            return Stage(
                .limit(count, countSpan: countSpan), span: keywordSpan.merged(with: previousSpan),
                keywordSpan: keywordSpan)
        case "distinct":
            let items = startsExpression ? try namedList() : []
            return Stage(.distinct(items), span: keywordSpan.merged(with: previousSpan), keywordSpan: keywordSpan)
        default:
            preconditionFailure("StageTable has a core word the parser does not read: \(word)")
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
            var hint = word.isEmpty ? nil : Suggestions.hint(for: word, in: StageTable.aggregateWords)
            if let entry = StageTable.entry(for: word), !entry.isAggregate {
                // `inflow = spark created`: spark draws a result; the aggregate is sparkline.
                let longer = StageTable.aggregateWords.first { $0.hasPrefix(entry.word) }
                hint =
                    "\"\(word)\" is \(entry.kind.withArticle), not an aggregate"
                    + (longer.map { "; did you mean \"\($0)\"?" } ?? "")
            }
            throw unexpected(
                "expected an aggregate function (" + StageTable.aggregateUsageWords.joined(separator: ", ") + ")",
                hint: hint)
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
            throw Diagnostic(
                .parse, "winrate takes no column: it is won ÷ (won + lost) deals, from their status",
                span: argument.span,
                hint: "e.g. \"winrate, avg value by rep\"; filter first to narrow the deals")
        }
        if argument == nil, function != .count, function != .winrate {
            throw Diagnostic(
                .parse, "\(function.name) needs a column or expression", span: functionSpan,
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
        return AggregateCall(
            outputName: outputName, function: function, distinct: distinct, argument: argument,
            filter: filter, span: start.merged(with: previousSpan))
    }

    /// A verb stage: `word` is the stage table's word, nil for a word the table does not have.
    mutating func verbStage(_ start: SourceSpan, word: String? = nil) throws(Diagnostic) -> Stage {
        guard case .identifier(let name) = current.kind else {
            throw unexpected("expected a stage such as where, select, sort, top, limit, count or sum")
        }
        advance()
        let (arguments, keys) = try stageArguments()
        return Stage(
            .verb(word ?? name, arguments, by: keys), span: start.merged(with: previousSpan), keywordSpan: start)
    }

    /// `arg* ['by' named (',' named)*]` after a verb or drawing word: bare words stay words (`funnel strict`);
    /// arguments are separated by commas, or by `and` after a bare word (`join T on col and a = b`).
    mutating func stageArguments() throws(Diagnostic) -> ([VerbArgument], [NamedExpr]) {
        var arguments: [VerbArgument] = []
        while startsExpression || current.keyword == "not" {
            if startsPeriod {
                arguments += try periodArguments()
            } else if case .identifier(let word) = current.kind, !peek(1).isSymbol(.leftParen),
                !Self.startsOperator(peek(1))
            {
                arguments.append(.word(word, current.span))
                advance()
            } else {
                arguments.append(.expr(try expression()))
            }
            if current.isSymbol(.comma) {
                advance()
            } else if current.keyword == "and", case .word? = arguments.last {
                // `join T on col and a = b`: a bare word then `and` — the `and` joins two arguments.
                advance()
            }
        }
        var keys: [NamedExpr] = []
        if current.keyword == "by" {
            advance()
            keys = try namedList()
        }
        if startsPeriod { arguments += try periodArguments() }
        return (arguments, keys)
    }

    /// The word "for" starting `for PERIOD`, not a call or a column in an expression.
    var startsPeriod: Bool {
        current.keyword == "for" && !peek(1).isSymbol(.leftParen) && !Self.startsOperator(peek(1))
            && !peek(1).isSymbol(.comma)
    }

    /// `for PERIOD` (attainment, coverage, forecast by category): the word "for", then the period's text as one word
    /// (`2026-Q1`, `FY2026-Q1`, `2026-03`, `2026`, a date), its tokens written without spaces; the verb reads it.
    mutating func periodArguments() throws(Diagnostic) -> [VerbArgument] {
        let keyword = current.span
        advance()
        var text = ""
        var span: SourceSpan?
        while current.kind != .endOfInput, span.map({ current.span.start == $0.end }) ?? true {
            switch current.kind {
            case .integer(let v):
                let digits = String(v)
                text += String(repeating: "0", count: max(0, current.span.length - digits.count)) + digits
            case .identifier(let name) where !Self.reservedWords.contains(name.lowercased()): text += name
            case .string(let value) where span == nil: text += value
            case .date(let day): text += CivilTime.formatDate(Int(day))
            case .symbol(.minus) where span != nil: text += "-"
            default:
                guard let span else {
                    throw unexpected(
                        "expected a period after \"for\"", hint: "e.g. \"for 2026-Q1\", \"for 2026-03\" or \"for 2026\""
                    )
                }
                return [.word("for", keyword), .word(text, span)]
            }
            span = span.map { $0.merged(with: current.span) } ?? current.span
            advance()
        }
        guard let span else {
            throw unexpected(
                "expected a period after \"for\"", hint: "e.g. \"for 2026-Q1\", \"for 2026-03\" or \"for 2026\"")
        }
        return [.word("for", keyword), .word(text, span)]
    }

    static func startsOperator(_ token: Token) -> Bool {
        if case .symbol(let s) = token.kind {
            return comparisonOperator(s) != nil || [.plus, .minus, .star, .slash].contains(s)
        }
        return ["in", "between", "is", "contains", "starts", "ends"].contains(token.keyword ?? "")
    }

    /// `named (',' named)*`; with `single`, one item.
    mutating func namedList(single: Bool = false) throws(Diagnostic) -> [NamedExpr] {
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
        } while !single && current.isSymbol(.comma)
        return items
    }

    /// `per KEY, …` after one extend item: the keys end at a comma that starts the next item (`, name = …`).
    mutating func itemPerKeys() throws(Diagnostic) -> [Expr] {
        guard current.keyword == "per" else { return [] }
        advance()
        var keys: [Expr] = [try expression()]
        while current.isSymbol(.comma), !(peek(1).nameText != nil && peek(2).isSymbol(.equal)) {
            advance()
            keys.append(try expression())
        }
        return keys
    }

    /// `per KEY, …` after top's keys: the groups it takes the first rows of.
    mutating func perKeys() throws(Diagnostic) -> [NamedExpr] {
        guard current.keyword == "per" else { return [] }
        advance()
        return try namedList()
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

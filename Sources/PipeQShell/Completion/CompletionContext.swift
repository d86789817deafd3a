import PipeQCore
import PipeQEngine
import PipeQLanguage

/// What kind of word fits before the cursor, worked out from the query's tokens alone (no catalog).
struct CompletionContext: Equatable {
    /// One kind of candidate.
    enum Want: Equatable {
        /// Table names, let names and `let` (and meta-commands when the line is empty so far).
        case statementStart(metaCommands: Bool)
        /// Stage keywords, aggregate functions, registered verbs.
        case verbs
        /// Column names of the current stage's input.
        case columns
        /// Scalar function names.
        case functions
        /// Aggregate function names.
        case aggregates
        /// Values of a string column (falls back to columns and functions when it has none).
        case values(column: String, excluding: [String])
        /// Values of the input's rep column (`compare "…`).
        case repValues
        /// Table and `let` names a verb can read (`join …`, `join anti …`, `append …`).
        case tables
        /// Columns of the input that the table also has (`join reps on …`).
        case joinColumns(table: String)
        /// The calendar periods "by" takes after `forecast` and `balance`.
        case periods
        /// Dates (`asof …`, `changes from …`).
        case dates
        case keywords([String])
    }

    /// The statement's source (table or let name), when known.
    var source: String?
    /// The query text before the last top-level `|`, whose schema is the current stage's input.
    var upstreamText: String?
    var wants: [Want] = []

    /// Words that end an expression (the parser's reserved words): never column names.
    static var reservedWords: Set<String> { Parser.reservedWords }

    static let expressionFollowers = ["and", "or", "in", "not", "between", "is", "contains", "starts", "ends"]

    /// Analyses the text before the word being completed.
    static func analyze(_ before: String) -> CompletionContext {
        guard var tokens = try? Lexer.tokenize(before) else { return CompletionContext() }
        tokens.removeLast()  // end of input
        // The current statement: after the last top-level ";".
        var depth = 0
        var statementStart = 0
        for (i, t) in tokens.enumerated() {
            if t.isSymbol(.leftParen) { depth += 1 }
            if t.isSymbol(.rightParen) { depth = max(0, depth - 1) }
            if t.isSymbol(.semicolon), depth == 0 { statementStart = i + 1 }
        }
        var query = tokens[statementStart...]
        var isLet = false
        if query.first?.keyword == "let" {
            isLet = true
            guard query.count >= 3, query[query.startIndex + 2].isSymbol(.equal) else { return CompletionContext() }
            query = query.dropFirst(3)
        }
        guard let first = query.first else {
            let blank = before.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" }
            return CompletionContext(wants: [.statementStart(metaCommands: blank && !isLet)])
        }
        guard let source = identifierName(first) else { return CompletionContext() }
        var context = CompletionContext(source: source)
        // Segments between top-level pipes.
        depth = 0
        var lastPipe: Int?
        for i in query.indices {
            let t = query[i]
            if t.isSymbol(.leftParen) { depth += 1 }
            if t.isSymbol(.rightParen) { depth = max(0, depth - 1) }
            if t.isSymbol(.pipe), depth == 0 { lastPipe = i }
        }
        if let lastPipe {
            let bytes = Array(before.utf8)
            let from = first.span.start
            let to = query[lastPipe].span.start
            context.upstreamText = String(decoding: bytes[from..<to], as: UTF8.self)
            context.wants = stage(query[(lastPipe + 1)...])
        } else {
            context.wants = sourceSegment(query.dropFirst())
        }
        return context
    }

    /// After the source and before any pipe: `[asof DATE] [where expr]`.
    static func sourceSegment(_ tokens: ArraySlice<Token>) -> [Want] {
        if tokens.isEmpty { return [.keywords(["where", "asof", "|"])] }
        if let w = tokens.firstIndex(where: { $0.keyword == "where" }) {
            return expression(tokens[(w + 1)...], followers: expressionFollowers + ["|"])
        }
        if tokens.last?.keyword == "asof" { return [.dates] }
        return [.keywords(["where", "|"])]
    }

    /// Inside one pipeline stage, read as the parser reads it: by its first word's entry in `StageTable`.
    static func stage(_ tokens: ArraySlice<Token>) -> [Want] {
        guard let first = tokens.first else { return [.verbs] }
        guard let word = first.keyword else { return [] }
        let rest = tokens.dropFirst()
        let nextIs = { (symbol: Symbol) in tokens.count >= 2 && tokens[tokens.startIndex + 1].isSymbol(symbol) }
        if nextIs(.equal) { return aggregates(tokens) }
        let entry = StageTable.entry(for: word)
        switch entry.map({ StageTable.reading(of: $0, followedByComma: nextIs(.comma)) }) ?? .verb {  // unknown: a verb
        case .core:
            return coreStage(entry?.word ?? word, rest)
        case .aggregate:
            return aggregates(tokens)
        case .verb:
            guard let entry else {  // an unknown word: read as a verb that groups
                if let by = topLevelIndex(in: rest, where: { $0.keyword == "by" }) {
                    return namedList(rest[(by + 1)...])
                }
                return [.columns, .keywords(["by"])]
            }
            return verbArguments(entry.arguments, rest)
        case .presentation:
            return rest.isEmpty ? [.columns] : []
        }
    }

    /// After a verb, as its stage-table entry says it reads: its operand, its option words, then "by" and what
    /// that takes.
    static func verbArguments(_ arguments: VerbArguments, _ rest: ArraySlice<Token>) -> [Want] {
        let takesPeriod = arguments.operand == .period
        // A rep operand with keys or options (scorecard) is written `for REP`; compare takes the rep alone.
        let takesRepFor = arguments.operand == .rep && (arguments.keys != .none || !arguments.options.isEmpty)
        // `for PERIOD` / `for REP` ends the stage: the period is typed (2026-Q1, 2026-03, 2026), the rep is a value
        if takesPeriod || takesRepFor, let f = topLevelIndex(in: rest, where: { $0.keyword == "for" }) {
            return takesRepFor && f == rest.index(before: rest.endIndex) ? [.repValues] : []
        }
        if let by = topLevelIndex(in: rest, where: { $0.keyword == "by" }) {
            let keys = rest[(by + 1)...]
            let afterKey: [Want] =
                (takesPeriod || takesRepFor) && !keys.isEmpty && keys.last?.isSymbol(.comma) == false
                ? [.keywords(["for"])] : []
            switch arguments.keys {
            case .none: return []
            case .columns: return namedList(keys) + afterKey
            case .period where takesPeriod:
                // forecast: a period, or `category` and more keys
                if keys.isEmpty { return [.periods, .keywords(["category"])] }
                guard keys.first?.keyword == "category" else { return [] }
                return keys.last?.isSymbol(.comma) == true ? [.columns] : afterKey
            case .period: return keys.isEmpty ? [.periods] : []
            case .sourceOrPeriod(let periods):
                // cac, payback, ltv, churn: source and a period, comma-separated
                guard keys.isEmpty || keys.last?.isSymbol(.comma) == true else { return [] }
                let given = Set(keys.compactMap(\.keyword))
                let words = ["source"] + (periods ? ["month", "quarter", "year"] : [])
                return [.keywords(words.filter { !given.contains($0) })]
            }
        }
        let by: [String] = arguments.keys == .none ? [] : ["by"]
        let given = Set(rest.compactMap(\.keyword))
        let options = arguments.options.filter { !given.contains($0) }
        switch arguments.operand {
        case .rep? where takesRepFor:
            // scorecard [trend] [by TEAM] [for REP], or the rep's name alone
            guard rest.allSatisfy({ $0.keyword.map(arguments.options.contains) == true }) else { return [] }
            let words = options + by + ["for"]
            return rest.isEmpty ? [.repValues, .keywords(words)] : [.keywords(words)]
        case .rep?:
            if rest.isEmpty { return [.repValues] }
            return rest.count <= 2 ? expression(rest, followers: []) : []  // compare rep = "…"
        case .tableOnColumn?:
            // `join [inner|left|semi|anti] NAME on …`
            let kinds = JoinKind.allCases.map(\.rawValue)
            let hasKind = rest.first?.keyword.map(kinds.contains) == true
            let rest = hasKind ? rest.dropFirst() : rest
            switch rest.count {
            case 0: return hasKind ? [.tables] : [.tables, .keywords(kinds)]
            case 1: return [.keywords(["on"])]
            case 2: return rest.last?.keyword == "on" ? [.joinColumns(table: identifierName(rest.first!) ?? "")] : []
            default: return []
            }
        case .table?:
            return rest.isEmpty ? [.tables] : []
        case .column?:
            if rest.isEmpty { return [.columns] }
            return rest.last?.keyword == "values"
                ? [.columns] : [.keywords((given.contains("values") ? [] : ["values"]) + options)]
        case .dateRange?:
            if let last = rest.last?.keyword, last == "from" || last == "to" { return [.dates] }
            var next = options
            if !given.contains("from") { next.append("from") } else if !given.contains("to") { next.append("to") }
            return next.isEmpty ? [] : [.keywords(next)]
        case .period?:
            return rest.isEmpty ? [.keywords(by + ["for"])] : []
        case .measures?:
            // Column names, comma-separated, then "by".
            return rest.last.map { $0.isSymbol(.comma) } ?? true ? [.columns] : [.keywords(by)]
        case nil:
            // Only option words may come before "by".
            guard rest.allSatisfy({ $0.keyword.map(arguments.options.contains) == true }) else { return [] }
            let next = options + by
            return next.isEmpty ? [] : [.keywords(next)]
        }
    }

    /// Inside a core stage, by its stage-table word.
    static func coreStage(_ word: String, _ rest: ArraySlice<Token>) -> [Want] {
        switch word {
        case "where":
            return expression(rest, followers: expressionFollowers)
        case "select", "extend", "distinct":
            return namedList(rest)
        case "sort":
            return sortKeys(rest.first?.keyword == "by" ? rest.dropFirst() : rest)
        case "top":
            if rest.count < 1 { return [] }
            if rest.count == 1 { return [.keywords(["by"])] }
            return rest.dropFirst().first?.keyword == "by" ? sortKeys(rest.dropFirst(2)) : []
        default:
            return []  // limit N
        }
    }

    /// `aggregate (',' aggregate)* ['by' named (',' named)*]`.
    static func aggregates(_ tokens: ArraySlice<Token>) -> [Want] {
        if let by = topLevelIndex(in: tokens, where: { $0.keyword == "by" }) { return namedList(tokens[(by + 1)...]) }
        var item = currentItem(tokens)
        if item.count >= 2, identifierName(item[item.startIndex]) != nil, item[item.startIndex + 1].isSymbol(.equal) {
            item = item.dropFirst(2)
        }
        guard let function = item.first?.keyword else { return item.isEmpty ? [.aggregates] : [] }
        if let w = topLevelIndex(in: item, where: { $0.keyword == "where" }) {
            return expression(item[(w + 1)...], followers: expressionFollowers + ["by"])
        }
        var argument = item.dropFirst()
        if argument.first?.keyword == "distinct" { argument = argument.dropFirst() }
        if argument.isEmpty {
            return function == "count" && item.count == 1
                ? [.columns, .functions, .keywords(["by", "where", "distinct"])] : [.columns, .functions]
        }
        return expression(argument, followers: ["by", "where"])
    }

    /// `[NAME '='] expr (',' [NAME '='] expr)*`.
    static func namedList(_ tokens: ArraySlice<Token>) -> [Want] {
        var item = currentItem(tokens)
        if item.count >= 2, identifierName(item[item.startIndex]) != nil, item[item.startIndex + 1].isSymbol(.equal) {
            item = item.dropFirst(2)
        }
        return expression(item, followers: [])
    }

    /// `expr ['asc' | 'desc'] (',' …)*`.
    static func sortKeys(_ tokens: ArraySlice<Token>) -> [Want] {
        let item = currentItem(tokens)
        if let last = item.last, isOperandEnd(last), last.keyword != "asc", last.keyword != "desc",
            isCompleteOperand(item)
        {
            return [.keywords(["asc", "desc"])]
        }
        if let last = item.last?.keyword, last == "asc" || last == "desc" { return [] }
        return expression(item, followers: [])
    }

    /// Inside an expression: values after `COLUMN =`, `COLUMN !=` and in `COLUMN in (…`, columns and
    /// functions where an operand can start, `followers` after a complete operand.
    static func expression(_ tokens: ArraySlice<Token>, followers: [String]) -> [Want] {
        guard let last = tokens.last else { return [.columns, .functions] }
        // An open `COLUMN [not] in (` list.
        var open: [Int] = []
        for i in tokens.indices {
            if tokens[i].isSymbol(.leftParen) { open.append(i) }
            if tokens[i].isSymbol(.rightParen) { _ = open.popLast() }
        }
        if let paren = open.last, last.isSymbol(.leftParen) || last.isSymbol(.comma),
            paren - 2 >= tokens.startIndex, tokens[paren - 1].keyword == "in"
        {
            var c = paren - 2
            if tokens[c].keyword == "not", c - 1 >= tokens.startIndex { c -= 1 }
            if let column = identifierName(tokens[c]) {
                let listed = tokens[(paren + 1)...].compactMap { t -> String? in
                    if case .string(let s) = t.kind { return s }
                    return nil
                }
                return [.values(column: column, excluding: listed)]
            }
        }
        if last.isSymbol(.equal) || last.isSymbol(.notEqual) {
            let before = tokens.index(before: tokens.endIndex) - 1
            if before >= tokens.startIndex, let column = identifierName(tokens[before]) {
                return [.values(column: column, excluding: [])]
            }
            return [.columns, .functions]
        }
        if case .symbol(let s) = last.kind {
            return s == .rightParen ? [.keywords(followers)] : [.columns, .functions]
        }
        if let word = last.keyword, reservedWords.contains(word) {
            if word == "is" { return [.keywords(["null", "not"])] }
            return [.columns, .functions]
        }
        return followers.isEmpty ? [] : [.keywords(followers)]
    }

    /// The tokens of the comma-separated item the cursor is in.
    static func currentItem(_ tokens: ArraySlice<Token>) -> ArraySlice<Token> {
        guard let comma = lastTopLevelIndex(in: tokens, where: { $0.isSymbol(.comma) }) else { return tokens }
        return tokens[(comma + 1)...]
    }

    static func topLevelIndex(in tokens: ArraySlice<Token>, where match: (Token) -> Bool) -> Int? {
        var depth = 0
        for i in tokens.indices {
            if tokens[i].isSymbol(.leftParen) { depth += 1 }
            if tokens[i].isSymbol(.rightParen) { depth = max(0, depth - 1) }
            if depth == 0, match(tokens[i]) { return i }
        }
        return nil
    }

    static func lastTopLevelIndex(in tokens: ArraySlice<Token>, where match: (Token) -> Bool) -> Int? {
        var depth = 0
        var found: Int?
        for i in tokens.indices {
            if tokens[i].isSymbol(.leftParen) { depth += 1 }
            if tokens[i].isSymbol(.rightParen) { depth = max(0, depth - 1) }
            if depth == 0, match(tokens[i]) { found = i }
        }
        return found
    }

    static func isOperandEnd(_ token: Token) -> Bool {
        if case .symbol(let s) = token.kind { return s == .rightParen }
        if let word = token.keyword { return !reservedWords.contains(word) }
        return true
    }

    static func isCompleteOperand(_ item: ArraySlice<Token>) -> Bool {
        var depth = 0
        for t in item {
            if t.isSymbol(.leftParen) { depth += 1 }
            if t.isSymbol(.rightParen) { depth -= 1 }
        }
        return depth <= 0
    }

    static func identifierName(_ token: Token) -> String? {
        switch token.kind {
        case .identifier(let name): return reservedWords.contains(name.lowercased()) ? nil : name
        case .quotedIdentifier(let name): return name
        default: return nil
        }
    }
}

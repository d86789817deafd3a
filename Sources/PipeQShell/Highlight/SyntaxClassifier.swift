import PipeQCore
import PipeQEngine
import PipeQLanguage

/// Query text → styled spans, from the real lexer's tokens (`Lexer.pieces`) and a little context: the word after
/// "|" is a stage (from `StageTable`), the first word a table, a name before "(" a function, then keywords,
/// columns, tables, and any other bare name is unknown. Knows nothing of terminals (`HighlightRenderer` draws).
public struct SyntaxClassifier {
    public var vocabulary: HighlightVocabulary

    public init(vocabulary: HighlightVocabulary) {
        self.vocabulary = vocabulary
    }

    /// Words the grammar reads as keywords wherever they stand (besides the parser's reserved words).
    static let grammarWords: Set<String> = Parser.reservedWords.union([
        "let", "asof", "per", "case", "when", "then", "else", "end", "null", "true", "false", "like", "ilike",
        "icontains", "matches", "on", "as", "from", "to", "with", "distinct",
    ])

    /// Option words verbs take (`strict`, `summary`) and the periods after their "by" (`month`).
    static let optionWords: Set<String> = Set(
        StageTable.all.flatMap(\.arguments.options).map { $0.lowercased() } + VerbRegistry.periodWords
            + VerbRegistry.argumentWords)

    /// Words that start SQL and other foreign statements the parser recognises to give a hint.
    static let foreignWords: Set<String> = ["select", "describe", "desc", "show", "from", "with"]

    /// The styled spans of `text` (a whole entry, or a meta-command line), in order; unstyled gaps are spaces.
    public func spans(_ text: String) -> [HighlightSpan] {
        if ExitWords.matches(text) {  // `exit`, `quit`, `\q` alone leave the shell
            let bytes = Array(text.utf8)
            let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? 0
            let end = (bytes.lastIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }).map { $0 + 1 } ?? 0
            return [HighlightSpan(start, max(start, end), .metaCommand)]
        }
        if let meta = metaCommandSpans(text) { return meta }
        return querySpans(text, offset: 0)
    }

    // MARK: - Meta-commands

    /// A line starting with "." (after blanks): its name, then the query it takes (`.explain deals | …`) styled
    /// as a query, other arguments left plain.
    private func metaCommandSpans(_ text: String) -> [HighlightSpan]? {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: ".") else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x09, bytes[end] != 0x0A { end += 1 }
        let name = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let command = MetaCommands.command(named: name) else { return [HighlightSpan(start, end, .unknown)] }
        var spans = [HighlightSpan(start, end, .metaCommand)]
        if command.argument == .query, end < bytes.count {
            let rest = String(decoding: bytes[end...], as: UTF8.self)
            spans += querySpans(rest, offset: end)
        }
        return spans
    }

    // MARK: - Queries

    private func querySpans(_ text: String, offset: Int) -> [HighlightSpan] {
        let pieces = Lexer.pieces(text)
        let tokens = pieces.compactMap { piece -> Token? in
            if case .token(let token) = piece { return token }
            return nil
        }
        var spans: [HighlightSpan] = []
        var tokenIndex = 0
        var context = StageContext(text: text, vocabulary: vocabulary)
        for piece in pieces {
            switch piece {
            case .openString(let span):
                spans.append(HighlightSpan(span.start, span.end, .string))
            case .invalid(let span):
                spans.append(HighlightSpan(span.start, span.end, .invalid))
            case .token(let token):
                let place = context.enter(tokenIndex, of: tokens)
                let next = tokenIndex + 1 < tokens.count ? tokens[tokenIndex + 1] : nil
                if let style = style(of: token, place: place, next: next, context: context) {
                    spans.append(HighlightSpan(token.span.start, token.span.end, style))
                }
                tokenIndex += 1
            }
        }
        spans += commentSpans(text, between: pieces)
        spans.sort { $0.start < $1.start }
        return spans.map { HighlightSpan($0.start + offset, $0.end + offset, $0.style) }
    }

    private func style(of token: Token, place: StageContext.Place, next: Token?, context: StageContext)
        -> HighlightStyle?
    {
        switch token.kind {
        case .string: return .string
        case .integer, .decimal: return .number
        case .duration: return .duration
        case .date, .timestamp: return .date
        case .symbol, .endOfInput: return nil
        case .quotedIdentifier(let name):
            switch place {
            case .statementStart, .letSource, .letName:
                return vocabulary.sources.contains(name) || place == .letName ? .table : .unknown
            case .definition: return .column
            case .stageWord: return .unknown
            case .other: return context.knows(column: name) || vocabulary.sources.contains(name) ? .column : .unknown
            }
        case .identifier(let name):
            return style(ofName: name, place: place, next: next, context: context)
        }
    }

    private func style(ofName name: String, place: StageContext.Place, next: Token?, context: StageContext)
        -> HighlightStyle
    {
        let word = name.lowercased()
        switch place {
        case .stageWord: return StageTable.entry(for: name) != nil ? .stage : .unknown
        case .statementStart:
            if word == "let", next?.nameText != nil { return .keyword }
            if vocabulary.sources.contains(name) { return .table }
            return Self.foreignWords.contains(word) ? .keyword : .unknown
        case .letName: return .table
        case .letSource: return vocabulary.sources.contains(name) ? .table : .unknown
        case .definition: return .column
        case .other: break
        }
        if Self.grammarWords.contains(word) { return .keyword }
        if next?.isSymbol(.leftParen) == true {
            return vocabulary.functions.contains(word) || StageTable.entry(for: name)?.isAggregate == true
                ? .function : .unknown
        }
        if context.knows(column: name) { return .column }
        if vocabulary.sources.contains(name) { return .table }
        if Parser.dateWords.contains(word) { return .date }
        if StageTable.entry(for: name)?.isAggregate == true { return .stage }
        if Self.optionWords.contains(word) { return .keyword }
        if context.stage?.arguments.operand == .rep { return .string }  // `compare Li Wei`: a rep's name, unquoted
        if context.stage?.arguments.operand == .period, Self.isPeriodPart(word) { return .date }  // `for FY2027-Q1`
        return .unknown
    }

    /// The words of a period after "for": a quarter (`q1` … `q4`) or a fiscal year (`fy2027`).
    static func isPeriodPart(_ word: String) -> Bool {
        let chars = Array(word)
        if chars.count == 2, chars[0] == "q", ("1"..."4").contains(chars[1]) { return true }
        return chars.count == 6 && word.hasPrefix("fy") && chars.dropFirst(2).allSatisfy(\.isNumber)
    }

    /// `#` comments in the gaps between pieces (the lexer skips them as trivia).
    private func commentSpans(_ text: String, between pieces: [LexedPiece]) -> [HighlightSpan] {
        let bytes = Array(text.utf8)
        var spans: [HighlightSpan] = []
        var gapStart = 0
        func scan(_ from: Int, _ to: Int) {
            var i = from
            while i < to {
                if bytes[i] == UInt8(ascii: "#") {
                    var end = i
                    while end < to, bytes[end] != 0x0A { end += 1 }
                    spans.append(HighlightSpan(i, end, .comment))
                    i = end
                } else {
                    i += 1
                }
            }
        }
        for piece in pieces {
            let span: SourceSpan
            switch piece {
            case .token(let token): span = token.span
            case .openString(let s), .invalid(let s): span = s
            }
            scan(gapStart, span.start)
            gapStart = span.end
        }
        scan(gapStart, bytes.count)
        return spans
    }
}

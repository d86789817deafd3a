import PipeQLanguage

/// Where the classifier stands in a query, token by token: the token's place in its statement and stage, the
/// columns the stage's input has (bound from the text before it), and the names the stage defines so far.
struct StageContext {
    /// A token's place, as far as its style depends on it.
    enum Place: Equatable {
        /// A statement's first token: `let` or the source.
        case statementStart
        /// The name after a statement's leading `let`.
        case letName
        /// The source after `let NAME =`.
        case letSource
        /// The word after "|".
        case stageWord
        /// A name followed by "=" where that names a new column (`extend x = …`, `n = count`, `by k = …`).
        case definition
        case other
    }

    /// The current stage's entry in the stage table (nil before the first "|" or for an unknown word).
    private(set) var stage: StageWord?
    /// Where the statement's query starts (after `let NAME =`), as a UTF-8 offset.
    private var queryStart = 0
    private var statementStart = 0
    /// The columns the current stage's input has, when the text before it binds.
    private var inputColumns: Set<String> = []
    /// Names defined in the current stage by `NAME = …`.
    private var defined: Set<String> = []
    private let vocabulary: HighlightVocabulary
    private let text: String

    init(text: String, vocabulary: HighlightVocabulary) {
        self.text = text
        self.vocabulary = vocabulary
    }

    /// Moves to token `i` and says where it stands.
    mutating func enter(_ i: Int, of tokens: [Token]) -> Place {
        let token = tokens[i]
        let previous = i > 0 ? tokens[i - 1] : nil
        let next = i + 1 < tokens.count ? tokens[i + 1] : nil
        if previous == nil || previous?.isSymbol(.semicolon) == true {
            statementStart = i
            stage = nil
            queryStart = token.span.start
            defined = []
            inputColumns = columns(ofSource: token)
            return .statementStart
        }
        if i == statementStart + 1, previous?.keyword == "let" { return .letName }
        if i == statementStart + 3, tokens[statementStart].keyword == "let", previous?.isSymbol(.equal) == true {
            queryStart = token.span.start
            inputColumns = columns(ofSource: token)
            return .letSource
        }
        if let previous, previous.isSymbol(.pipe) {
            inputColumns = Set(vocabulary.schemaColumns(Self.slice(text, queryStart, previous.span.start)) ?? [])
            defined = []
            stage = token.keyword.flatMap(StageTable.entry(for:))
            if let name = token.nameText, next?.isSymbol(.equal) == true {
                defined.insert(name)
                return .definition
            }
            return .stageWord
        }
        if let name = token.nameText, next?.isSymbol(.equal) == true, let previous,
            Self.definesAfter(previous, i - 1, tokens)
        {
            defined.insert(name)
            return .definition
        }
        return .other
    }

    /// A column of a catalog table, of the stage's input, or defined earlier in the stage.
    func knows(column name: String) -> Bool {
        defined.contains(name) || inputColumns.contains(name) || vocabulary.columns.contains(name)
    }

    /// Whether "NAME =" right after `previous` (token `index`) defines a column: after a comma, "by", "per", or
    /// the word of a stage that names its items (select, extend, distinct, an aggregate).
    private static func definesAfter(_ previous: Token, _ index: Int, _ tokens: [Token]) -> Bool {
        if previous.isSymbol(.comma) || previous.keyword == "by" || previous.keyword == "per" { return true }
        guard index > 0, tokens[index - 1].isSymbol(.pipe), let word = previous.keyword,
            let entry = StageTable.entry(for: word)
        else { return false }
        return entry.isAggregate || ["select", "extend", "distinct"].contains(entry.word)
    }

    private func columns(ofSource token: Token) -> Set<String> {
        guard let name = token.nameText, vocabulary.sources.contains(name) else { return [] }
        return Set(vocabulary.schemaColumns(name) ?? [])
    }

    static func slice(_ text: String, _ from: Int, _ to: Int) -> String {
        let utf8 = Array(text.utf8)
        let lower = max(0, min(from, utf8.count))
        return String(decoding: utf8[lower..<max(lower, min(to, utf8.count))], as: UTF8.self)
    }
}

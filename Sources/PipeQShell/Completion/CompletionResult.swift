/// Candidates for the word before the cursor.
public struct CompletionResult: Sendable, Equatable {
    /// The text the candidates replace (the end of the line before the cursor).
    public var word: String
    /// Full replacements for `word`, in the order found (readline sorts them for display).
    public var candidates: [String]
    /// What follows a unique candidate: a space, the closing quote of an open string, or nothing after a
    /// folder ("/") or a function's "(".
    public var appendCharacter: Character?

    public init(word: String, candidates: [String], appendCharacter: Character? = " ") {
        self.word = word
        self.candidates = candidates
        self.appendCharacter = appendCharacter
    }

    /// Keeps candidates starting with the word: case-sensitive matches if any, else case-insensitive ones;
    /// duplicates removed.
    static func filtered(_ all: [String], by word: String) -> [String] {
        var seen = Set<String>()
        let unique = all.filter { seen.insert($0).inserted }
        let exact = unique.filter { $0.hasPrefix(word) }
        if !exact.isEmpty || word.isEmpty { return exact }
        let lower = word.lowercased()
        return unique.filter { $0.lowercased().hasPrefix(lower) }
    }
}

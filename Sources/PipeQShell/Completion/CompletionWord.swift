/// Where the word being completed starts, decided the same way for the completion engine and for
/// readline's word-break hook so both agree on what a candidate replaces.
public enum CompletionWord {
    /// How the end of the line reads.
    public enum Mode: Sendable, Equatable {
        /// A query word: breaks at spaces, punctuation and operators.
        case query
        /// Inside an open string literal opened with this quote: the word is the text after the quote.
        case string(quote: Character)
        /// A meta-command name or argument (file paths included): breaks at spaces only.
        case meta
        /// A date being typed (`deals asof 2026-0`): a query word that does not break at "-".
        case date
    }

    /// Characters ending a query word.
    public static let queryBreaks = " \t\n()|,=<>!;+-*/~"
    /// Characters ending a meta-command word.
    public static let metaBreaks = " \t\n"

    /// The mode for the text before the cursor.
    public static func mode(of text: String) -> Mode {
        if text.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(".") { return .meta }
        var quote: UInt8 = 0
        var bytes = Array(text.utf8)[...]
        while let c = bytes.popFirst() {
            if quote != 0 {
                if c == UInt8(ascii: "\\") {
                    _ = bytes.popFirst()
                    continue
                }
                if c == quote { quote = 0 }
                continue
            }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") { quote = c }
            if c == UInt8(ascii: "#") { while let n = bytes.first, n != 0x0A { bytes.removeFirst() } }
        }
        if quote != 0 { return .string(quote: Character(Unicode.Scalar(quote))) }
        return endsInPartialDate(text) ? .date : .query
    }

    /// True when the text ends in the start of a date literal: four digits and a "-", then digits and "-",
    /// after a word break.
    static func endsInPartialDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var start = bytes.count
        while start > 0, bytes[start - 1] == UInt8(ascii: "-") || (bytes[start - 1] >= 0x30 && bytes[start - 1] <= 0x39)
        { start -= 1 }
        guard bytes.count - start >= 5, bytes[start + 4] == UInt8(ascii: "-"),
            bytes[start..<start + 4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return false }
        return start == 0 || queryBreaks.utf8.contains(bytes[start - 1])
    }

    /// The characters that end a word in this mode (readline's `rl_completion_word_break_hook`).
    public static func breakCharacters(for mode: Mode) -> String {
        switch mode {
        case .query: return queryBreaks
        case .date: return queryBreaks.replacingOccurrences(of: "-", with: "")
        case .meta: return metaBreaks
        case .string(let quote): return String(quote)
        }
    }

    /// Splits the text before the cursor into what precedes the word and the word itself.
    public static func split(_ text: String, mode: Mode) -> (before: Substring, word: Substring) {
        let breaks = Set(breakCharacters(for: mode))
        let start = text.lastIndex(where: { breaks.contains($0) }).map { text.index(after: $0) } ?? text.startIndex
        return (text[..<start], text[start...])
    }
}

import PipeQCore

/// Finds where a construct the SQL compiler cannot write stands in the query's text, for the carets of its error:
/// the plan keeps spans for stages, items and aggregates, but not for the function calls inside an expression or
/// for every verb. Spans are UTF-8 byte offsets, as the parser's.
struct SQLSpanFinder: Sendable {
    let text: [UInt8]

    init(_ text: String) { self.text = Array(text.utf8) }

    /// The first call `name(…)` (any letter case, not the end of a longer name) inside `within` (or anywhere),
    /// from its name to its closing parenthesis.
    func call(_ name: String, within: SourceSpan?) -> SourceSpan? {
        let lower = max(0, within?.start ?? 0)
        let upper = min(text.count, within?.end ?? text.count)
        let word = Array(name.lowercased().utf8)
        var i = lower
        while i + word.count < upper {
            if matches(word, at: i), i == 0 || !isNameByte(text[i - 1]) {
                var j = i + word.count
                while j < upper, text[j] == UInt8(ascii: " ") { j += 1 }
                if j < upper, text[j] == UInt8(ascii: "(") { return SourceSpan(i, closing(from: j, upper)) }
            }
            i += 1
        }
        return nil
    }

    /// The stage keyword `word` (after a `|`).
    func verb(_ word: String) -> SourceSpan? {
        let bytes = Array(word.lowercased().utf8)
        for (i, byte) in text.enumerated() where byte == UInt8(ascii: "|") {
            var j = i + 1
            while j < text.count, text[j] == UInt8(ascii: " ") { j += 1 }
            let end = j + bytes.count
            if matches(bytes, at: j), end == text.count || !isNameByte(text[end]) { return SourceSpan(j, end) }
        }
        return nil
    }

    private func matches(_ word: [UInt8], at i: Int) -> Bool {
        guard i + word.count <= text.count else { return false }
        for k in word.indices where lowercased(text[i + k]) != word[k] { return false }
        return true
    }

    /// Past the parenthesis matching the one at `open` (quoted strings skipped), or `upper`.
    private func closing(from open: Int, _ upper: Int) -> Int {
        var depth = 0
        var quote: UInt8?
        var i = open
        while i < upper {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return upper
    }

    private func lowercased(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }

    private func isNameByte(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || (lowercased(c) >= 0x61 && lowercased(c) <= 0x7A)
    }
}

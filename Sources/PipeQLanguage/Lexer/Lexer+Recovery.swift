import PipeQCore

/// One piece of a query that is still being typed: a token, or text the lexer refused.
public enum LexedPiece: Sendable, Equatable {
    case token(Token)
    /// A string opened and not closed yet (it runs to the end of the text).
    case openString(SourceSpan)
    /// Text that is no token (an unknown character, a malformed number or date, a bad escape in a string).
    case invalid(SourceSpan)
}

extension Lexer {
    /// The pieces of `text` in order, without `.endOfInput`: the lexer's own tokens, and where it refuses the
    /// text, the refused part, after which it carries on. For highlighting the line being typed, where an open
    /// string or a half-typed literal is the normal case rather than an error.
    public static func pieces(_ text: String) -> [LexedPiece] {
        var lexer = Lexer(text)
        var pieces: [LexedPiece] = []
        while true {
            lexer.skipTrivia()
            let start = lexer.position
            do {
                let token = try lexer.next()
                if token.kind == .endOfInput { return pieces }
                pieces.append(.token(token))
            } catch {
                let quote = lexer.bytes[start]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let end = lexer.closingQuote(after: start) else {
                        pieces.append(.openString(SourceSpan(start, lexer.bytes.count)))
                        return pieces
                    }
                    pieces.append(.invalid(SourceSpan(start, end)))
                    lexer.position = end
                } else {
                    var end = max(error.span?.end ?? start + 1, start + 1)
                    while end < lexer.bytes.count, lexer.bytes[end] & 0xC0 == 0x80 { end += 1 }
                    end = min(end, lexer.bytes.count)
                    pieces.append(.invalid(SourceSpan(start, end)))
                    lexer.position = end
                }
            }
        }
    }

    /// The offset just past the quote that closes the string opening at `start` (doubled quotes and backslash
    /// escapes skipped), or nil when the string is still open.
    private func closingQuote(after start: Int) -> Int? {
        let quote = bytes[start]
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 2
            } else if bytes[i] == quote {
                if i + 1 < bytes.count, bytes[i + 1] == quote {
                    i += 2
                } else {
                    return i + 1
                }
            } else {
                i += 1
            }
        }
        return nil
    }
}

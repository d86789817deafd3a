import PipeQCore

/// Splits script text into statements: at `;` outside quotes and parentheses, or at a line end
/// unless the statement continues (open parenthesis or quote, a trailing `|` or `\`, or a next
/// line starting with `|`). `#` starts a comment to the end of the line.
public enum StatementSplitter {
    /// One statement and the byte offset where its text starts in the script.
    public struct Piece: Sendable, Equatable {
        public var text: String
        public var offset: Int
    }

    public static func split(_ script: String) -> [Piece] {
        let bytes = Array(script.utf8)
        var pieces: [Piece] = []
        var start = 0
        func emit(_ end: Int) {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if !isBlank(text) { pieces.append(Piece(text: text, offset: start)) }
        }
        scan(bytes) { i, c, depth in
            if c == UInt8(ascii: ";") && depth == 0 {
                emit(i)
                start = i + 1
            } else if c == 0x0A && depth == 0 && !continues(bytes, lineEnd: i, from: start) {
                emit(i)
                start = i + 1
            }
        }
        if start < bytes.count { emit(bytes.count) }
        return pieces
    }

    /// True when the text ends in a way that asks for another line (used by the shell too).
    public static func needsContinuation(_ text: String) -> Bool {
        var lastSignificant: UInt8 = 0
        let (depth, inQuote) = scan(Array(text.utf8)) { _, c, _ in
            if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { lastSignificant = c }
        }
        return inQuote || depth > 0 || lastSignificant == UInt8(ascii: "|") || lastSignificant == UInt8(ascii: "\\")
    }

    /// Walks the bytes outside quotes and comments, tracking parenthesis depth, and calls `visit` with each
    /// byte's offset, the byte and the depth after it. Returns the final depth and whether a quote is open.
    @discardableResult
    private static func scan(_ bytes: [UInt8], _ visit: (Int, UInt8, Int) -> Void) -> (depth: Int, inQuote: Bool) {
        var depth = 0
        var quote: UInt8 = 0
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if quote != 0 {
                if c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if c == quote { quote = 0 }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"): quote = c
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth = max(0, depth - 1)
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                continue
            default: break
            }
            visit(i, c, depth)
            i += 1
        }
        return (depth, quote != 0)
    }

    /// A newline continues the statement when something is open, the line ends in `|` or `\`,
    /// or the next non-blank line starts with `|`.
    private static func continues(_ bytes: [UInt8], lineEnd: Int, from start: Int) -> Bool {
        var j = lineEnd - 1
        while j >= start, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j -= 1 }
        // Ignore a trailing comment when looking for a trailing pipe.
        let line = String(decoding: bytes[start...max(start, min(j, bytes.count - 1))], as: UTF8.self)
        if j >= start, needsContinuation(line) { return true }
        var k = lineEnd + 1
        while k < bytes.count {
            let c = bytes[k]
            if c == 0x20 || c == 0x09 || c == 0x0D {
                k += 1
                continue
            }
            if c == 0x0A {
                k += 1
                continue
            }
            return c == UInt8(ascii: "|")
        }
        return false
    }

    private static func isBlank(_ text: String) -> Bool {
        var inComment = false
        for c in text.utf8 {
            if inComment {
                if c == 0x0A { inComment = false }
                continue
            }
            if c == UInt8(ascii: "#") {
                inComment = true
                continue
            }
            if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != UInt8(ascii: ";") { return false }
        }
        return true
    }
}

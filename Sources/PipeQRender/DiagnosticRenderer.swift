import PipeQCore

/// Renders every diagnostic in one place: `error: message — hint`, and for query errors the query line
/// with a caret under the span. Scripts pass a file name and the query's offset to get `file:LINE:COL`.
public struct DiagnosticRenderer {
    /// ANSI colours (shell on a terminal only).
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    /// - Parameters:
    ///   - source: the text the span points into (the query, or the whole script).
    ///   - file: the script's name when the text is a script.
    ///   - offset: where the query starts within `source` (spans are relative to the query).
    public func render(_ d: Diagnostic, source: String? = nil, file: String? = nil, offset: Int = 0) -> String {
        var message = d.message
        if let hint = d.hint { message += " — " + hint }
        let red = color ? "\u{1B}[1;31m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        switch d.location {
        case .file(let path, let line, let column):
            return "\(path):\(line):\(column): \(red)error:\(reset) \(message)\n"
        case .none:
            return "\(red)error:\(reset) \(message)\n"
        case .query(let span):
            guard let source else { return "\(red)error:\(reset) \(message)\n" }
            let bytes = Array(source.utf8)
            let start = min(bytes.count, offset + span.start)
            let end = min(bytes.count, max(start, offset + span.end))
            var lineStart = start
            while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            var lineEnd = start
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let lineNumber = bytes[0..<lineStart].filter { $0 == 0x0A }.count + 1
            let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
            let column = String(decoding: bytes[lineStart..<start], as: UTF8.self).count + 1
            let width = max(1, String(decoding: bytes[start..<min(end, lineEnd)], as: UTF8.self).count)
            var out = ""
            if let file { out += "\(file):\(lineNumber):\(column): " }
            out += "\(red)error:\(reset) \(message)\n"
            let gutter = file != nil ? "\(lineNumber) | " : "  "
            let (shown, caretColumn, caretWidth) = Self.window(lineText, column: column, width: width)
            out += gutter + shown + "\n"
            let prefix = String(repeating: " ", count: gutter.count + caretColumn - 1)
            out += prefix + (color ? "\u{1B}[1;32m" : "") + String(repeating: "^", count: caretWidth) + reset + "\n"
            return out
        }
    }

    /// Lines longer than this many characters are cut to a window around the caret.
    static let maximumLineWidth = 120

    /// The line as shown under the message: control characters as visible symbols (a NUL byte as ␀,
    /// a tab as a space) so the terminal isn't disturbed and the caret stays aligned, and a long line
    /// (a generated 1 MB query) cut to `maximumLineWidth` characters around the span with "…" marking
    /// each cut. Returns the text and the caret's 1-based column and width within it.
    static func window(_ line: String, column: Int, width: Int) -> (String, Int, Int) {
        let visible = line.unicodeScalars.map { scalar -> Character in
            switch scalar.value {
            case 0x09: return " "
            case 0x00..<0x20: return Character(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: return "\u{2421}"
            default: return Character(scalar)
            }
        }
        let chars = Array(String(String.UnicodeScalarView(visible.flatMap(\.unicodeScalars))))
        guard chars.count > maximumLineWidth else { return (String(chars), column, width) }
        let caretWidth = min(width, maximumLineWidth - 20)
        let start = max(0, min(column - 1 - 20, chars.count - maximumLineWidth))
        let end = min(chars.count, start + maximumLineWidth)
        let head = start > 0 ? "…" : ""
        let tail = end < chars.count ? "…" : ""
        return (head + String(chars[start..<end]) + tail, column - start + head.count, caretWidth)
    }
}

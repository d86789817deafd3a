/// Styled spans → the style of each UTF-8 byte, and text with ANSI SGR sequences around the styled parts.
public enum HighlightRenderer {
    /// The style of each byte of a `length`-byte text (nil: unstyled).
    public static func styles(length: Int, spans: [HighlightSpan]) -> [HighlightStyle?] {
        var styles = [HighlightStyle?](repeating: nil, count: length)
        for span in spans {
            let start = max(0, span.start)
            let end = min(length, span.end)
            if start < end { for i in start..<end { styles[i] = span.style } }
        }
        return styles
    }

    /// The escape sequence that switches to `style` (nil: back to the terminal's default).
    public static func escape(_ style: HighlightStyle?) -> String {
        "\u{1B}[" + (style?.sgr ?? "0") + "m"
    }

    /// `text` with each styled span wrapped in its escape sequence and a reset after it.
    public static func ansi(_ text: String, spans: [HighlightSpan]) -> String {
        let bytes = Array(text.utf8)
        let styles = styles(length: bytes.count, spans: spans)
        var out = ""
        var current: HighlightStyle?
        var runStart = 0
        func flush(_ end: Int) {
            guard runStart < end else { return }
            let run = String(decoding: bytes[runStart..<end], as: UTF8.self)
            out += current.map { escape($0) + run + escape(nil) } ?? run
        }
        for i in 0..<bytes.count where styles[i] != current && bytes[i] & 0xC0 != 0x80 {
            flush(i)
            current = styles[i]
            runStart = i
        }
        flush(bytes.count)
        return out
    }
}

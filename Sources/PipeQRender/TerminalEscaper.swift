/// Text from data made safe for a terminal: control characters are shown as visible backslash escapes, so a cell
/// holding `ESC ]0;…BEL` cannot retitle the window and `ESC [2J` cannot clear it. C escapes where C has one
/// (`\e` ESC, `\a` BEL, `\b`, `\f`, `\v`, `\0`, and `\n`, `\r`, `\t` as before); any other C0 control, DEL and
/// the C1 controls U+0080–U+009F as `\x` and two hex digits (`\x1b`-style, the code point). A backslash in the
/// data is shown as it is. Used by the table, chart and schema renderers; CSV and JSON keep the exact text.
public enum TerminalEscaper {
    public static func escape(_ text: String) -> String {
        // Most text has no control character: one pass over the bytes decides (0xC2 leads U+0080–U+00BF).
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard value < 0x20 || (0x7F...0x9F).contains(value) else {
                out.append(scalar)
                continue
            }
            let escape: String
            switch value {
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x1B: escape = "\\e"
            case 0x07: escape = "\\a"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x0B: escape = "\\v"
            case 0x00: escape = "\\0"
            default: escape = "\\x" + (value < 0x10 ? "0" : "") + String(value, radix: 16)
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }
}

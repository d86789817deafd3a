/// Text as roff for the man page (man(7) macros): escapes, and the few requests the page uses.
enum Roff {
    /// `text` safe in a roff text line: backslashes escaped, a line starting with "." or "'" guarded, blank lines
    /// dropped (roff would print them as space), and the typographic characters the help texts use written as
    /// groff glyphs, which also render on an ASCII terminal (`man` in the C locale).
    static func escape(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            var out = ""
            for c in line {
                switch c {
                case "\\": out += "\\e"
                default: out += glyphs[c] ?? String(c)
                }
            }
            if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
            return out
        }.joined(separator: "\n")
    }

    static let glyphs: [Character: String] = [
        "…": "...", "—": "\\(em", "–": "\\(en", "→": "\\(->", "←": "\\(<-", "×": "\\(mu", "÷": "\\(di", "−": "\\(mi",
        "≤": "\\(<=", "≥": "\\(>=", "·": "\\(pc",
    ]

    /// An option or command-line word in bold, its hyphens as minus signs (so they can be searched and copied).
    static func bold(_ word: String) -> String {
        "\\fB" + escape(word).replacingOccurrences(of: "-", with: "\\-") + "\\fR"
    }

    static func italic(_ word: String) -> String { "\\fI" + escape(word) + "\\fR" }

    /// A section heading.
    static func section(_ title: String) -> String { ".SH " + title.uppercased() + "\n" }

    static func subsection(_ title: String) -> String { ".SS " + escape(title) + "\n" }

    /// A paragraph; its indented lines (examples) are kept as written, the others filled.
    static func paragraph(_ text: String) -> String {
        var out = ".PP\n"
        var verbatim = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let indented = line.hasPrefix(" ")
            if indented != verbatim { out += indented ? ".nf\n" : ".fi\n" }
            verbatim = indented
            out += escape(String(line)) + "\n"
        }
        return out + (verbatim ? ".fi\n" : "")
    }

    /// A tagged paragraph: `tag` (already roff) on its own line, `text` indented below it.
    static func tagged(_ tag: String, _ text: String) -> String { ".TP\n" + tag + "\n" + escape(text) + "\n" }

    /// Lines shown as written (no filling), e.g. an example or a grammar.
    static func literal(_ text: String) -> String { ".PP\n.nf\n" + escape(text) + "\n.fi\n" }
}

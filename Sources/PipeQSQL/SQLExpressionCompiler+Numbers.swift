import PipeQCore
import PipeQEngine

/// `int(text)` and `number(text)`: the text read as the loader's `NumberReader` reads it (`$1,200.50`, `12%`,
/// `(1,200)`, `1.234,5 EUR`, `12,5` when a decimal point does not read), null otherwise. The reader's grammar is a
/// regular expression per decimal separator (a point first, then a comma) that checks the whole text; once it
/// matches, the only characters besides the digits and the decimal separator are signs, parentheses, currency,
/// percent and group separators, so the value is the digits and the separator, negative with a `-` or `(`, a
/// hundredth with a `%`. An integer written plainly is read exactly (as the reader's `exact`); the rest as a
/// double, and `int` rounds it half away from zero.
extension SQLExpressionCompiler {
    func numberFromText(_ x: String, integer: Bool) -> String {
        let period = readNumber(x, decimal: ".", integer: integer)
        let comma = readNumber(x, decimal: ",", integer: integer)
        return "(CASE WHEN \(period.matches) THEN \(period.value) WHEN \(comma.matches) THEN \(comma.value) END)"
    }

    private func readNumber(_ x: String, decimal: Character, integer: Bool) -> (matches: String, value: String) {
        let pattern = Self.numberPattern(decimal: decimal)
        let matches: String
        switch dialect {
        case .postgres: matches = "(\(x) ~ \(dialect.string(pattern)))"
        case .duckdb: matches = "regexp_full_match(\(x), \(dialect.string(pattern)))"
        case .sqlite: matches = "(\(x) REGEXP \(dialect.string(pattern)))"
        }
        let other: Character = decimal == "." ? "," : "."
        let digits: String  // the digits and the decimal separator, as a point
        switch dialect {
        case .postgres, .duckdb:
            let kept = "regexp_replace(\(x), '[^0-9\(decimal)]', '', 'g')"
            digits = decimal == "." ? kept : "replace(\(kept), ',', '.')"
        case .sqlite:
            var kept = x
            for c in [
                " ", "\t", "\u{00A0}", "\u{202F}", "(", ")", "+", "-", "$", "£", "¥", "€", "%", "'", String(other),
            ] {
                kept = "replace(\(kept), \(dialect.string(c)), '')"
            }
            kept = "trim(\(kept), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"
            digits = decimal == "." ? kept : "replace(\(kept), ',', '.')"
        }
        let negative = "(\(has(x, "-")) OR \(has(x, "(")))"
        let percent = has(x, "%")
        let double = dialect.typeName(.double)
        var magnitude = "CAST(\(digits) AS \(dialect == .postgres && integer ? "NUMERIC" : double))"
        magnitude = "(CASE WHEN \(percent) THEN \(magnitude) / 100 ELSE \(magnitude) END)"
        let signed = "(CASE WHEN \(negative) THEN - \(magnitude) ELSE \(magnitude) END)"
        // Written as a plain integer (no decimal separator, percent or currency): exact, and no number at all past
        // 64 bits (the reader takes a longer integer for an identifier a double would round).
        let plain =
            "NOT (\(has(x, String(decimal))) OR \(percent) OR "
            + (dialect == .sqlite
                ? "\(x) REGEXP '[$£¥€A-Z]'"
                : dialect == .postgres ? "\(x) ~ '[$£¥€A-Z]'" : "regexp_matches(\(x), '[$£¥€A-Z]')")
            + ")"
        let bigint = dialect.typeName(.int)
        let fits =
            "(length(\(digits)) < 19 OR (length(\(digits)) = 19 AND \(digits) <= CASE WHEN \(negative) THEN '9223372036854775808' ELSE '9223372036854775807' END))"
        let exact = "CAST((CASE WHEN \(negative) THEN '-' ELSE '' END) || \(digits) AS \(bigint))"
        guard integer else { return (matches, "(CASE WHEN NOT \(plain) OR \(fits) THEN \(signed) END)") }
        let rounded = "round(\(signed))"
        let inRange = "abs(\(rounded)) < 9.2e18"
        let value =
            "(CASE WHEN \(plain) THEN CASE WHEN \(fits) THEN \(exact) END "
            + "WHEN \(inRange) THEN CAST(\(rounded) AS \(bigint)) END)"
        return (matches, value)
    }

    /// Whether the text holds the character.
    private func has(_ x: String, _ c: String) -> String {
        dialect == .sqlite ? "(instr(\(x), \(dialect.string(c))) > 0)" : "(strpos(\(x), \(dialect.string(c))) > 0)"
    }

    /// `NumberReader.read` with this decimal separator as a regular expression over the whole text (no captures,
    /// no look-arounds: PostgreSQL, RE2 and SQLite's regexp.c all read it).
    static func numberPattern(decimal: Character) -> String {
        let point = decimal == "." ? "\\." : ","
        let other = decimal == "." ? "," : "\\."
        let trim = "[ \t\u{00A0}]*"
        let spaces = "[ \u{00A0}\u{202F}]*"
        // The integer part: at most 19 digits, no leading zero but "0"; or groups of three after one to three
        // digits, every separator the same (the spaces count as one kind).
        var integers = ["0|[1-9][0-9]{0,18}"]
        for separator in [other, "'", "[ \u{00A0}\u{202F}]"] {
            integers.append("[1-9](\(separator)[0-9]{3}){1,6}|[1-9][0-9]{1,2}(\(separator)[0-9]{3}){1,5}")
        }
        let startsWithDigit = "(\(integers.joined(separator: "|")))(\(point)[0-9]+)?"
        let number = "(\(startsWithDigit)|\(point)[0-9]+)"
        let symbol = "(\\$|£|¥|€)"
        let code = "[A-Z]{3}"
        // Inside parentheses the sign can only be `+` (`(-5)` is no number), and a code is not followed by one.
        func forms(sign: String, parenthesised: Bool) -> String {
            var out = [
                // 12, -12.5, 12 %, 12 $, 12 USD
                "\(sign)?\(number)(\(spaces)%|\(spaces)\(symbol)|\(spaces)\(code))?",
                // $12, -$12, $-12, $ 12
                "\(sign)?\(symbol)\(spaces)\(number)", "\(symbol)\(spaces)\(sign)\(number)",
                // USD 12, -USD 12, USD 12 with the sign after the spaces, USD12
                "\(sign)?\(code)[ \u{00A0}]\(spaces)\(number)", "\(code)[ \u{00A0}]\(spaces)\(sign)\(number)",
                "\(sign)?\(code)\(startsWithDigit)",
            ]
            if !parenthesised { out.append("\(code)-\(number)") }  // USD-12
            return out.joined(separator: "|")
        }
        let plain = forms(sign: "(\\+|-)", parenthesised: false)
        let inParentheses = forms(sign: "\\+", parenthesised: true)
        return "^\(trim)(\(plain)|\\(\(trim)(\(inParentheses))\(trim)\\))\(trim)$"
    }
}

import PipeQCore

/// Query text → tokens. Works on UTF-8 bytes; every token carries its byte span.
public struct Lexer {
    let bytes: [UInt8]
    var position = 0

    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// Tokenises the whole text, ending with `.endOfInput`.
    public static func tokenize(_ text: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    mutating func next() throws(Diagnostic) -> Token {
        skipTrivia()
        guard position < bytes.count else { return Token(.endOfInput, SourceSpan(bytes.count, bytes.count)) }
        let start = position
        let c = bytes[position]
        if isDigit(c) { return try number(start) }
        if isIdentifierStart(c) { return identifier(start) }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return try string(start, quote: c)
        case UInt8(ascii: "`"): return try quotedIdentifier(start)
        case UInt8(ascii: "."):
            if position + 1 < bytes.count, isDigit(bytes[position + 1]) { return try number(start) }
        default: break
        }
        return try symbol(start)
    }

    // MARK: - Trivia

    mutating func skipTrivia() {
        while position < bytes.count {
            let c = bytes[position]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                position += 1
            } else if c == 0x5C, peek(1) == 0x0A || (peek(1) == 0x0D && peek(2) == 0x0A) {
                position += 2  // backslash line continuation
            } else if c == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    // MARK: - Identifiers

    private mutating func identifier(_ start: Int) -> Token {
        while position < bytes.count, isIdentifierContinue(bytes[position]) { position += 1 }
        return Token(.identifier(text(start, position)), SourceSpan(start, position))
    }

    private mutating func quotedIdentifier(_ start: Int) throws(Diagnostic) -> Token {
        position += 1
        while position < bytes.count, bytes[position] != UInt8(ascii: "`"), bytes[position] != 0x0A { position += 1 }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "`") else {
            throw Diagnostic(.lex, "unterminated quoted name: missing closing `", span: SourceSpan(start, position))
        }
        let name = text(start + 1, position)
        position += 1
        if name.isEmpty { throw Diagnostic(.lex, "empty quoted name", span: SourceSpan(start, position)) }
        return Token(.quotedIdentifier(name), SourceSpan(start, position))
    }

    // MARK: - Strings

    private mutating func string(_ start: Int, quote: UInt8) throws(Diagnostic) -> Token {
        position += 1
        var out: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw Diagnostic(
                    .lex, "unterminated string: missing closing \(quote == 0x22 ? "\"" : "'")",
                    span: SourceSpan(start, bytes.count))
            }
            let c = bytes[position]
            if c == quote {
                if peek(1) == quote {
                    out.append(quote)
                    position += 2
                    continue
                }  // doubled quote
                position += 1
                break
            }
            if c == UInt8(ascii: "\\") {
                let escapeStart = position
                // A backslash that ends the input leaves the string unterminated (this was `continue`
                // without moving on: an endless loop on `"a\`, found by fuzz-query).
                guard let e = peek(1) else {
                    position += 1
                    continue
                }
                position += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
                case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape(escapeStart))
                default:
                    throw Diagnostic(
                        .lex, "unknown escape \\\(Character(Unicode.Scalar(e)))",
                        span: SourceSpan(escapeStart, position),
                        hint: "use \\\" \\\\ \\n \\t or \\u{…}")
                }
                continue
            }
            out.append(c)
            position += 1
        }
        return Token(.string(String(decoding: out, as: UTF8.self)), SourceSpan(start, position))
    }

    private mutating func unicodeEscape(_ start: Int) throws(Diagnostic) -> [UInt8] {
        guard peek(0) == UInt8(ascii: "{") else {
            throw Diagnostic(.lex, "expected \\u{hex} escape", span: SourceSpan(start, position))
        }
        position += 1
        var value: UInt32 = 0
        var digits = 0
        while let c = peek(0), c != UInt8(ascii: "}") {
            guard let d = hexValue(c), digits < 6 else {
                throw Diagnostic(.lex, "invalid \\u{…} escape", span: SourceSpan(start, position + 1))
            }
            value = value * 16 + UInt32(d)
            digits += 1
            position += 1
        }
        guard peek(0) == UInt8(ascii: "}"), digits > 0, let scalar = Unicode.Scalar(value) else {
            throw Diagnostic(.lex, "invalid \\u{…} escape", span: SourceSpan(start, position))
        }
        position += 1
        return Array(String(Character(scalar)).utf8)
    }

    // MARK: - Numbers, durations, dates

    private mutating func number(_ start: Int) throws(Diagnostic) -> Token {
        if let token = try dateLiteral(start) { return token }
        var digits: [UInt8] = []
        var sawDot = false
        var sawExponent = false
        while position < bytes.count {
            let c = bytes[position]
            if isDigit(c) {
                digits.append(c)
            } else if c == UInt8(ascii: "_"), position + 1 < bytes.count, isDigit(bytes[position + 1]), !digits.isEmpty
            {
                // digit separator
            } else if c == UInt8(ascii: "."), !sawDot, !sawExponent, let n = peek(1), isDigit(n) {
                sawDot = true
                digits.append(c)
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E"), !sawExponent, let n = peek(1),
                isDigit(n) || ((n == UInt8(ascii: "+") || n == UInt8(ascii: "-")) && (peek(2).map(isDigit) ?? false))
            {
                sawExponent = true
                digits.append(c)
                if n == UInt8(ascii: "+") || n == UInt8(ascii: "-") {
                    digits.append(n)
                    position += 1
                }
            } else {
                break
            }
            position += 1
        }
        let numberEnd = position
        while position < bytes.count, isLetter(bytes[position]) || bytes[position] == UInt8(ascii: "%") {
            position += 1
        }
        let suffix = text(numberEnd, position).lowercased()
        let span = SourceSpan(start, position)
        let literal = String(decoding: digits, as: UTF8.self)
        let isInteger = !sawDot && !sawExponent
        guard let value = Double(literal) else {
            throw Diagnostic(.lex, "malformed number", span: span)
        }
        switch suffix {
        case "":
            if isInteger {
                guard let v = Int64(literal) else {
                    throw Diagnostic(.lex, "number \(literal) is too large for a 64-bit integer", span: span)
                }
                return Token(.integer(v), span)
            }
            guard value.isFinite else { throw Diagnostic(.lex, "number is out of range", span: span) }
            return Token(.decimal(value), span)
        case "k", "m", "bn":
            let scaled = value * (suffix == "k" ? 1_000 : suffix == "m" ? 1_000_000 : 1_000_000_000)
            if scaled.rounded() == scaled, abs(scaled) < 9.2e18 { return Token(.integer(Int64(scaled)), span) }
            guard scaled.isFinite else { throw Diagnostic(.lex, "number is out of range", span: span) }
            return Token(.decimal(scaled), span)
        case "%":
            return Token(.decimal(value / 100), span)
        default:
            return Token(.duration(try duration(value, unit: suffix, isInteger: isInteger, span: span)), span)
        }
    }

    private func duration(_ value: Double, unit: String, isInteger: Bool, span: SourceSpan) throws(Diagnostic)
        -> DurationLiteral
    {
        let perUnit: Int64
        switch unit {
        case "s", "sec": perUnit = CivilTime.microsPerSecond
        case "min": perUnit = CivilTime.microsPerMinute
        case "h": perUnit = CivilTime.microsPerHour
        case "d": perUnit = CivilTime.microsPerDay
        case "w": perUnit = 7 * CivilTime.microsPerDay
        case "mo", "q", "y":
            guard isInteger, value < 100_000 else {
                throw Diagnostic(.lex, "calendar durations (mo, q, y) take a whole number", span: span)
            }
            let months = Int(value) * (unit == "mo" ? 1 : unit == "q" ? 3 : 12)
            return DurationLiteral(months: months)
        default:
            throw Diagnostic(
                .lex, "unknown unit \"\(unit)\" after a number", span: span,
                hint: "durations use s, min, h, d, w, mo, q, y; numbers may end in k, m, bn or %")
        }
        let micros = value * Double(perUnit)
        guard micros.isFinite, abs(micros) < 9.2e18 else {
            throw Diagnostic(.lex, "duration is out of range", span: span)
        }
        return DurationLiteral(micros: Int64(micros.rounded()))
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`, recognised by shape before numbers.
    private mutating func dateLiteral(_ start: Int) throws(Diagnostic) -> Token? {
        func digitsAt(_ offsets: [Int]) -> Bool {
            offsets.allSatisfy { start + $0 < bytes.count && isDigit(bytes[start + $0]) }
        }
        guard digitsAt([0, 1, 2, 3, 5, 6, 8, 9]), bytes[start + 4] == UInt8(ascii: "-"),
            bytes[start + 7] == UInt8(ascii: "-")
        else {
            return nil
        }
        var end = start + 10
        // `2026-01-15T10:30` or `2026-01-15 10:30[:00]`: a space is only part of the literal when HH:MM follows.
        let spacedTime =
            end + 5 < bytes.count && bytes[end] == 0x20 && isDigit(bytes[end + 1]) && isDigit(bytes[end + 2])
            && bytes[end + 3] == UInt8(ascii: ":") && isDigit(bytes[end + 4]) && isDigit(bytes[end + 5])
        if end < bytes.count, bytes[end] == UInt8(ascii: "T") || spacedTime, end + 1 < bytes.count,
            isDigit(bytes[end + 1])
        {
            end += 1
            while end < bytes.count,
                isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ":") || bytes[end] == UInt8(ascii: ".")
            { end += 1 }
            let zone = end < bytes.count && bytes[end] == UInt8(ascii: "Z") ? 1 : utcOffsetLength(at: end)
            end += zone
            let span = SourceSpan(start, end)
            position = end
            // The CSV reader's rule: with Z or an offset, converted to UTC; without, taken as written.
            let parsed = bytes[start..<end].withUnsafeBufferPointer { CivilTime.parseTimestamp($0) }
            guard let micros = parsed else {
                if zone > 0,
                    bytes[start..<(end - zone)].withUnsafeBufferPointer({ CivilTime.parseTimestamp($0) }) != nil
                {
                    throw Diagnostic(
                        .lex,
                        "invalid datetime \"\(text(start, end))\": the offset must be at most ±18:00 "
                            + "and the time in UTC within the years 1 to 9999", span: span)
                }
                throw Diagnostic(
                    .lex, "invalid datetime \"\(text(start, end))\"", span: span,
                    hint: "write YYYY-MM-DDTHH:MM[:SS], optionally with Z or an offset such as +02:00")
            }
            return Token(.timestamp(micros), span)
        }
        let span = SourceSpan(start, end)
        position = end
        if end < bytes.count, isIdentifierContinue(bytes[end]) {
            throw Diagnostic(
                .lex, "malformed date", span: SourceSpan(start, end + 1), hint: "write dates as YYYY-MM-DD")
        }
        guard let days = bytes[start..<end].withUnsafeBufferPointer({ CivilTime.parseDate($0) }) else {
            throw Diagnostic(.lex, "invalid date \"\(text(start, end))\": no such day", span: span)
        }
        return Token(.date(days), span)
    }

    /// The length of a UTC offset (`+02:00`, `+0200`, `-05`) at `at` that ends a datetime literal, else 0; a sign
    /// followed by anything else (`… -1d`, `… - 30min`) is left to be an operator.
    private func utcOffsetLength(at: Int) -> Int {
        guard at + 2 < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-"),
            isDigit(bytes[at + 1]), isDigit(bytes[at + 2])
        else { return 0 }
        var length = 3
        if at + 5 < bytes.count, bytes[at + 3] == UInt8(ascii: ":"), isDigit(bytes[at + 4]), isDigit(bytes[at + 5]) {
            length = 6
        } else if at + 4 < bytes.count, isDigit(bytes[at + 3]), isDigit(bytes[at + 4]) {
            length = 5
        }
        if at + length < bytes.count,
            isIdentifierContinue(bytes[at + length]) || bytes[at + length] == UInt8(ascii: ":")
        {
            return 0
        }
        return length
    }

    // MARK: - Symbols

    private mutating func symbol(_ start: Int) throws(Diagnostic) -> Token {
        let c = bytes[position]
        let next = peek(1)
        let two: Symbol?
        switch (c, next) {
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): two = .notEqual
        case (UInt8(ascii: "<"), UInt8(ascii: ">")): two = .notEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): two = .lessEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): two = .greaterEqual
        case (UInt8(ascii: "="), UInt8(ascii: "=")): two = .equal
        case (UInt8(ascii: "~"), UInt8(ascii: "=")): two = .tildeEqual
        default: two = nil
        }
        if let two {
            position += 2
            return Token(.symbol(two), SourceSpan(start, position))
        }
        let one: Symbol?
        switch c {
        case UInt8(ascii: "="): one = .equal
        case UInt8(ascii: "<"): one = .less
        case UInt8(ascii: ">"): one = .greater
        case UInt8(ascii: "+"): one = .plus
        case UInt8(ascii: "-"): one = .minus
        case UInt8(ascii: "*"): one = .star
        case UInt8(ascii: "/"): one = .slash
        case UInt8(ascii: "("): one = .leftParen
        case UInt8(ascii: ")"): one = .rightParen
        case UInt8(ascii: ","): one = .comma
        case UInt8(ascii: "|"): one = .pipe
        case UInt8(ascii: ";"): one = .semicolon
        default: one = nil
        }
        if let one {
            position += 1
            return Token(.symbol(one), SourceSpan(start, position))
        }
        // Report the whole UTF-8 character, not one byte of it.
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let shown: String
        switch c {
        case 0: shown = "NUL byte"
        case 0x01..<0x20, 0x7F:
            shown = "control character U+\(c < 0x10 ? "000" : "00")\(String(c, radix: 16, uppercase: true))"
        case 0xEF where text(position, end) == "\u{FFFD}": shown = "invalid UTF-8 (shown as \u{FFFD})"
        default: shown = "character \"\(text(position, end))\""
        }
        throw Diagnostic(
            .lex, "unexpected \(shown)", span: SourceSpan(start, end),
            hint: c == UInt8(ascii: "!") ? "write \"not\" for negation" : nil)
    }

    // MARK: - Helpers

    private func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool { isLetter(c) || c == UInt8(ascii: "_") || c >= 0xC0 }
@inline(__always) func isIdentifierContinue(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) || c >= 0x80 }
@inline(__always) func hexValue(_ c: UInt8) -> Int? {
    if isDigit(c) { return Int(c - 0x30) }
    let l = c | 0x20
    return l >= 0x61 && l <= 0x66 ? Int(l - 0x61 + 10) : nil
}

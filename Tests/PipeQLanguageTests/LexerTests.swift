import PipeQCore
import PipeQLanguage
import Testing

/// Query text → tokens: each kind of literal, the symbols, what is skipped, byte spans, and the errors with
/// the span they point at. Expected values are worked out by hand in the comments (dates and instants with
/// Python's datetime: `(date(2026, 3, 1) - date(1970, 1, 1)).days` is 20513).
@Suite struct LexerTests {
    /// The token kinds of `text`, without the closing `.endOfInput`.
    static func kinds(_ text: String) throws -> [TokenKind] {
        var tokens = try Lexer.tokenize(text)
        #expect(tokens.removeLast().kind == .endOfInput)
        return tokens.map(\.kind)
    }

    /// The one token `text` is.
    static func single(_ text: String) throws -> TokenKind {
        let kinds = try kinds(text)
        #expect(kinds.count == 1, "\(text): \(kinds)")
        return kinds[0]
    }

    /// The error lexing `text` gives, or nil.
    static func failure(_ text: String) -> Diagnostic? {
        do throws(Diagnostic) {
            _ = try Lexer.tokenize(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("42", TokenKind.integer(42)),
        ("1_000_000", .integer(1_000_000)),
        ("2.5k", .integer(2_500)),  // 2.5 × 1,000, whole: an integer
        ("1.5m", .integer(1_500_000)),  // 1.5 × 1,000,000
        ("3bn", .integer(3_000_000_000)),
        ("2.5", .decimal(2.5)),
        (".5", .decimal(0.5)),
        ("1e3", .decimal(1_000)),  // an exponent makes a decimal, even when whole
        ("12.5%", .decimal(0.125)),  // 12.5 / 100
        ("9223372036854775807", .integer(Int64.max)),
    ])
    func numbers(_ text: String, _ kind: TokenKind) throws {
        #expect(try Self.single(text) == kind)
    }

    @Test(arguments: [
        ("30d", DurationLiteral(micros: 2_592_000_000_000)),  // 30 × 86,400 s × 10⁶
        ("2w", DurationLiteral(micros: 1_209_600_000_000)),  // 14 days
        ("12h", DurationLiteral(micros: 43_200_000_000)),  // 12 × 3,600 s
        ("90min", DurationLiteral(micros: 5_400_000_000)),  // 90 × 60 s
        ("1.5h", DurationLiteral(micros: 5_400_000_000)),  // the same 5,400 s
        ("45s", DurationLiteral(micros: 45_000_000)),
        ("3mo", DurationLiteral(months: 3)),
        ("2q", DurationLiteral(months: 6)),
        ("1y", DurationLiteral(months: 12)),
        ("1D", DurationLiteral(micros: 86_400_000_000)),  // units are case-insensitive
    ])
    func durations(_ text: String, _ duration: DurationLiteral) throws {
        #expect(try Self.single(text) == .duration(duration))
    }

    @Test func datesAndInstants() throws {
        #expect(try Self.single("2026-03-01") == .date(20_513))
        #expect(try Self.single("1969-12-31") == .date(-1))
        // datetime(2026, 1, 15, 9, 30, 15, tzinfo=timezone.utc).timestamp() = 1768469415
        #expect(try Self.single("2026-01-15T09:30:15") == .timestamp(1_768_469_415_000_000))
        #expect(try Self.single("2026-01-15 09:30:15") == .timestamp(1_768_469_415_000_000))
        // 09:00 at +02:00 is 07:00 UTC: 1768460400
        #expect(try Self.single("2026-01-15T09:00+02:00") == .timestamp(1_768_460_400_000_000))
        // A space is part of the literal only when HH:MM follows; a sign only when it is an offset.
        let day = TokenKind.duration(DurationLiteral(micros: 86_400_000_000))
        #expect(try Self.kinds("2026-03-01 - 1d") == [.date(20_513), .symbol(.minus), day])
    }

    @Test func strings() throws {
        #expect(try Self.single(#""say \"hi\"""#) == .string(#"say "hi""#))
        #expect(try Self.single("'it''s'") == .string("it's"))
        #expect(try Self.single(#""a\tb\nc\\""#) == .string("a\tb\nc\\"))
        #expect(try Self.single(#""\u{1F600}\u{e9}""#) == .string("😀é"))
        #expect(try Self.single(#""""#) == .string(""))
    }

    @Test func namesKeepTheirCaseAndBackquotesMakeAnyWordAName() throws {
        #expect(
            try Self.kinds("Deals where né_2") == [.identifier("Deals"), .identifier("where"), .identifier("né_2")])
        #expect(try Self.single("`by`") == .quotedIdentifier("by"))
        #expect(try Self.single("`close date`") == .quotedIdentifier("close date"))
    }

    @Test func symbolsTakeTheLongestMatch() throws {
        #expect(
            try Self.kinds("= == != <> < <= > >= ~= + - * / ( ) , | ;") == [
                .symbol(.equal), .symbol(.equal), .symbol(.notEqual), .symbol(.notEqual), .symbol(.less),
                .symbol(.lessEqual), .symbol(.greater), .symbol(.greaterEqual), .symbol(.tildeEqual), .symbol(.plus),
                .symbol(.minus), .symbol(.star), .symbol(.slash), .symbol(.leftParen), .symbol(.rightParen),
                .symbol(.comma), .symbol(.pipe), .symbol(.semicolon),
            ])
    }

    @Test func commentsWhitespaceAndLineContinuationsAreSkipped() throws {
        #expect(
            try Self.kinds("deals # all of them | count\n\t| count \\\n by stage\r\n") == [
                .identifier("deals"), .symbol(.pipe), .identifier("count"), .identifier("by"), .identifier("stage"),
            ])
        #expect(try Self.kinds("  # nothing\n") == [])
    }

    /// Spans are UTF-8 byte offsets: "né" is three bytes.
    @Test func spansAreByteOffsets() throws {
        let tokens = try Lexer.tokenize("né | sum 2.5k")
        #expect(
            tokens.map(\.span) == [
                SourceSpan(0, 3), SourceSpan(4, 5), SourceSpan(6, 9), SourceSpan(10, 14), SourceSpan(14, 14),
            ])
    }

    @Test(arguments: [
        ("x = \"abc", "unterminated string: missing closing \"", SourceSpan(4, 8)),
        ("x = 'abc", "unterminated string: missing closing '", SourceSpan(4, 8)),
        (#"x = "a\qb""#, #"unknown escape \q"#, SourceSpan(6, 8)),
        (#"x = "\u{110000}""#, #"invalid \u{…} escape"#, SourceSpan(5, 14)),
        ("`by", "unterminated quoted name: missing closing `", SourceSpan(0, 3)),
        ("``", "empty quoted name", SourceSpan(0, 2)),
        ("99999999999999999999", "number 99999999999999999999 is too large for a 64-bit integer", SourceSpan(0, 20)),
        ("1.5mo", "calendar durations (mo, q, y) take a whole number", SourceSpan(0, 5)),
        ("5xyz", "unknown unit \"xyz\" after a number", SourceSpan(0, 4)),
        ("2026-02-30", "invalid date \"2026-02-30\": no such day", SourceSpan(0, 10)),
        ("2026-01-01x", "malformed date", SourceSpan(0, 11)),
        ("a @ b", "unexpected character \"@\"", SourceSpan(2, 3)),
        ("a \u{0} b", "unexpected NUL byte", SourceSpan(2, 3)),
        ("a \u{1} b", "unexpected control character U+0001", SourceSpan(2, 3)),
    ])
    func errorsPointAtTheirText(_ text: String, _ message: String, _ span: SourceSpan) {
        let error = Self.failure(text)
        #expect(error?.message == message, "\(text)")
        #expect(error?.span == span, "\(text)")
        #expect(error?.phase == .lex, "\(text)")
    }

    @Test func errorsThatSayWhatToWriteInstead() {
        #expect(
            Self.failure("5xyz")?.hint
                == "durations use s, min, h, d, w, mo, q, y; numbers may end in k, m, bn or %")
        #expect(Self.failure("a ! b")?.hint == "write \"not\" for negation")
        #expect(Self.failure(#""\q""#)?.hint == #"use \" \\ \n \t or \u{…}"#)
        #expect(Self.failure("2026-01-01x")?.hint == "write dates as YYYY-MM-DD")
    }

    /// A backslash that ends the input left the lexer looping forever (found by fuzz-query).
    @Test func aBackslashAtTheEndOfAStringEnds() {
        #expect(Self.failure(#""a\"#)?.message == "unterminated string: missing closing \"")
    }
}

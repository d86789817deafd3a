import PipeQCore
import PipeQLanguage
import Testing

/// `Lexer.pieces`: the tokens of a half-typed query, with the refused text marked and skipped.
@Suite struct LexerRecoveryTests {
    @Test func wellFormedTextIsJustItsTokens() throws {
        let text = "deals | where value > 30d"
        let tokens = try Lexer.tokenize(text).dropLast().map { LexedPiece.token($0) }
        #expect(Lexer.pieces(text) == Array(tokens))
    }

    /// `deals | where rep = "Sjö` — the string opens at byte 20 and runs to the end (25 bytes: ö is two).
    @Test func openStringRunsToTheEnd() {
        let pieces = Lexer.pieces("deals | where rep = \"Sjö")
        #expect(pieces.last == .openString(SourceSpan(20, 25)))
        #expect(pieces.count == 6)
    }

    /// `1 ! 2`: "!" (byte 2) is refused, then 2 is lexed at byte 4.
    @Test func refusedCharacterIsSkipped() {
        let pieces = Lexer.pieces("1 ! 2")
        #expect(pieces.count == 3)
        #expect(pieces[1] == .invalid(SourceSpan(2, 3)))
        if case .token(let token) = pieces[2] { #expect(token.kind == .integer(2) && token.span == SourceSpan(4, 5)) }
    }

    /// A bad escape inside a closed string marks the whole string, and lexing carries on after it.
    @Test func badEscapeMarksTheWholeString() {
        let pieces = Lexer.pieces("\"a\\qb\" x")
        #expect(pieces.first == .invalid(SourceSpan(0, 6)))
        #expect(pieces.count == 2)
    }

    /// A malformed date next to a multi-byte character ends on a character boundary (é is two bytes: 10, 11).
    @Test func invalidSpanEndsOnACharacterBoundary() {
        let pieces = Lexer.pieces("2024-01-01é x")
        #expect(pieces.first == .invalid(SourceSpan(0, 12)))
    }
}

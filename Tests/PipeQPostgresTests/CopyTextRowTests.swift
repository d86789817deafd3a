import Testing

@testable import PipeQPostgres

/// COPY's text format read back: what PostgreSQL writes for tabs, newlines, backslashes and nulls.
@Suite struct CopyTextRowTests {
    @Test func fieldsNullsAndEscapes() {
        func row(_ text: String) -> [String?] { CopyTextRow.fields(ArraySlice(Array(text.utf8))) }
        #expect(row("1\tAna Ruiz\t\\N") == ["1", "Ana Ruiz", nil])
        #expect(row("a\\tb\tline\\none\tback\\\\slash") == ["a\tb", "line\none", "back\\slash"])
        // `\N` is null only as the whole field; `\\N` is the text \N.
        #expect(row("\\\\N\tx\\N\t") == ["\\N", "xN", ""])
        #expect(row("\\101\\x42\\r\\b\\f\\v") == ["AB\r\u{08}\u{0C}\u{0B}"])
        #expect(row("é\t日本") == ["é", "日本"])
    }
}

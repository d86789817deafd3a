import PipeQLanguage
import Testing

/// Script text → statements: `;` and line ends split, unless something is open or the statement goes on
/// (a trailing `|` or `\`, or a next line starting with `|`); quotes, parentheses and comments are respected.
@Suite struct StatementSplitterTests {
    /// Each statement's text and the byte offset it starts at.
    static func pieces(_ script: String) -> [String] {
        StatementSplitter.split(script).map { "\($0.offset):\($0.text)" }
    }

    @Test func semicolonsAndLineEndsSplit() {
        #expect(Self.pieces("deals | count; reps | count") == ["0:deals | count", "14: reps | count"])
        #expect(Self.pieces("deals | count\nreps\n") == ["0:deals | count", "14:reps"])
        #expect(Self.pieces(";;\n  \n") == [])
    }

    @Test func aStatementGoesOnAcrossLines() {
        // The next line starts with a pipe, even after a blank line.
        #expect(Self.pieces("deals\n  | count\n\n  | sort count") == ["0:deals\n  | count\n\n  | sort count"])
        // The line ends in a pipe or a backslash.
        #expect(Self.pieces("deals |\ncount\nreps") == ["0:deals |\ncount", "14:reps"])
        #expect(Self.pieces("deals \\\nwhere id > 1") == ["0:deals \\\nwhere id > 1"])
        // A parenthesis or a quote is open.
        #expect(Self.pieces("deals where (id = 1\nor id = 2)") == ["0:deals where (id = 1\nor id = 2)"])
        #expect(Self.pieces("deals where name = \"a\nb\"") == ["0:deals where name = \"a\nb\""])
    }

    @Test func quotesAndCommentsHideSeparators() {
        #expect(Self.pieces("deals where name = 'a;b' | count") == ["0:deals where name = 'a;b' | count"])
        #expect(Self.pieces("deals where `x;y` = 1") == ["0:deals where `x;y` = 1"])
        #expect(Self.pieces("# counts; all\ndeals | count") == ["14:deals | count"])
        // A trailing comment does not hide a trailing pipe.
        #expect(Self.pieces("deals | # then\ncount") == ["0:deals | # then\ncount"])
    }

    @Test(arguments: [
        ("deals |", true), ("deals | count", false), ("deals where (id = 1", true), ("deals where name = \"Ac", true),
        ("deals \\", true), ("deals | # a comment", true), ("deals where name = \"a|\"", false), ("", false),
    ])
    func needsContinuation(_ text: String, _ continues: Bool) {
        #expect(StatementSplitter.needsContinuation(text) == continues, "\(text)")
    }

    /// The comment lines directly above a statement head its result in a script's output.
    @Test func commentAboveAStatement() {
        func comments(_ script: String) -> [[String]] {
            StatementSplitter.split(script).map { StatementSplitter.commentAbove($0, in: script) }
        }
        #expect(comments("# one\ndeals | count\n# two\n#  more\nreps") == [["# one"], ["# two", "#  more"]])
        // A blank line ends the comment: a script's heading belongs to no statement.
        #expect(comments("# heading\n\ndeals | count") == [[]])
        // The next statement of a pair has none; neither has one sharing its line.
        #expect(comments("# both\na\nb; c") == [["# both"], [], []])
        // Indented comments and statements, CRLF line ends, a trailing comment on the line above.
        #expect(comments("  # x  \r\n   deals\r\nreps # not above\nhistory") == [["# x"], [], []])
        #expect(comments("deals |\n# inside\n  count\n") == [[]])
    }
}

import Testing

@testable import PipeQShell

/// Where each character of the edited line lands, as readline lays it out (checked against readline in tmux:
/// a double-width character that would straddle a row's end starts the next row).
@Suite struct LineLayoutTests {
    /// Widths as a terminal gives them: CJK ideographs 2, combining marks 0, the rest 1.
    static func width(_ scalar: Unicode.Scalar) -> Int {
        if (0x4E00...0x9FFF).contains(scalar.value) { return 2 }
        if (0x0300...0x036F).contains(scalar.value) { return 0 }
        return scalar.value < 0x20 ? -1 : 1
    }

    func laidOut(_ line: String, prompt: Int, width: Int) -> LineLayout? {
        LineLayout(line: Array(line.utf8), promptWidth: prompt, width: width, characterWidth: Self.width)
    }

    @Test func asciiWrapsAtTheWidth() throws {
        let layout = try #require(laidOut("abcdefgh", prompt: 4, width: 6))
        // prompt 0..<4, a b at 4 5, c… at row 1
        #expect(layout.cells.map(\.row) == [0, 0, 1, 1, 1, 1, 1, 1])
        #expect(layout.cells.map(\.column) == [4, 5, 0, 1, 2, 3, 4, 5])
        #expect(layout.end == (2, 0))
        #expect(layout.cursor(at: 2) == (1, 0))
    }

    /// "ab漢x" after a 3-cell prompt in 6 columns: a 3, b 4, 漢 would take 5–6, so it starts row 1.
    @Test func wideCharacterMovesToTheNextRow() throws {
        let layout = try #require(laidOut("ab漢x", prompt: 3, width: 6))
        #expect(layout.cells.map(\.row) == [0, 0, 1, 1])
        #expect(layout.cells.map(\.column) == [3, 4, 0, 2])
        #expect(layout.cells[2].bytes == 2..<5)
        #expect(layout.cursor(at: 5) == (1, 2))
    }

    /// "öx" written as o + combining diaeresis: one cell of three bytes.
    @Test func combiningMarkJoinsTheCharacterBefore() throws {
        let layout = try #require(laidOut("o\u{0308}x", prompt: 0, width: 10))
        #expect(layout.cells.count == 2)
        #expect(layout.cells[0].bytes == 0..<3)
        #expect(layout.cursor(at: 3) == (0, 1))
    }

    @Test func controlCharacterOrInvalidUTF8GivesNoLayout() {
        #expect(laidOut("a\u{1}b", prompt: 0, width: 10) == nil)
        #expect(LineLayout(line: [0x61, 0xC3], promptWidth: 0, width: 10, characterWidth: Self.width) == nil)
    }
}

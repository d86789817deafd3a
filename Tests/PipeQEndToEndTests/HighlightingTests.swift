import Foundation
import Testing

/// The input line coloured as it is typed, driven through a pseudo-terminal and replayed on `ScreenModel`: the
/// tokens' colours, the line and cursor after moving and editing in the middle (multi-byte and double-width
/// text, a line wrapping past the terminal's width), Ctrl-R's plain search line, and no colour at all with
/// NO_COLOR or TERM=dumb.
@Suite(.serialized) struct HighlightingTests {
    let folder: String
    let data: String
    let historyPath: String
    let prompt = "pipeq(sales)> "
    static let width = 60

    init() throws {
        folder = NSTemporaryDirectory() + "pipeq-highlight-\(UUID().uuidString)"
        data = folder + "/sales"
        historyPath = folder + "/state/history"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try """
        id,name,rep,stage,value,created
        1,Acme,Ann Lee,Negotiation,100,2026-01-05
        2,Globex,Sjögren,Needs Analysis,250,2026-02-01
        3,Initech,Sjögren,Prospecting,80,2026-03-10
        4,Umbrella,Cy Diaz,Closed Won,1000,2026-04-01
        5,Hooli,Sjögren,Negotiation,400,2026-05-01

        """.write(toFile: data + "/deals.csv", atomically: true, encoding: .utf8)
    }

    /// The shell on a UTF-8 terminal `width` columns wide, with colour unless `environment` says otherwise.
    func start(_ environment: [String: String?] = ["NO_COLOR": nil]) throws -> PtySession {
        var changes: [String: String?] = ["LANG": "C.UTF-8"]
        changes.merge(environment) { $1 }
        let shell = try PtySession(
            arguments: [data, "--as-of", "2026-11-01", "--history", historyPath], home: folder,
            size: (40, UInt16(Self.width)), environment: changes)
        #expect(shell.wait(for: prompt), "no prompt; output so far: \(shell.output)")
        return shell
    }

    /// The screen once `condition` holds for it (the last screen, and a failed expectation, after 10 s).
    func screen(_ shell: PtySession, _ what: String, until condition: (ScreenModel) -> Bool) -> ScreenModel {
        let deadline = Date().addingTimeInterval(10)
        var screen = ScreenModel(width: Self.width, height: 40)
        while Date() < deadline {
            screen = ScreenModel(width: Self.width, height: 40)
            screen.feed(shell.output)
            if condition(screen) { return screen }
            usleep(20_000)
        }
        let rows = (0..<screen.height).map { screen.text(ofRow: $0) }.filter { !$0.isEmpty }
        Issue.record(
            "\(what): the cursor is at row \(screen.row), column \(screen.column) on\n\(rows.joined(separator: "\n"))")
        return screen
    }

    /// The row the last main prompt stands on.
    func promptRow(_ screen: ScreenModel) -> Int {
        (0..<screen.height).last { screen.text(ofRow: $0).hasPrefix(prompt.trimmingSuffix(" ")) } ?? 0
    }

    /// The line as typed, wrapped at the terminal's width after the prompt.
    func rows(of line: String) -> [String] {
        var rows: [String] = []
        var current = prompt
        for character in line {
            if current.count == Self.width {
                rows.append(current)
                current = ""
            }
            current.append(character)
        }
        return rows + [current]
    }

    func shows(_ screen: ScreenModel, _ line: String, cursorAt column: Int? = nil) -> Bool {
        let top = promptRow(screen)
        let expected = rows(of: line)
        guard top + expected.count <= screen.height else { return false }
        for (i, row) in expected.enumerated() where screen.text(ofRow: top + i) != row.trimmingSuffix(" ") {
            return false
        }
        let cursorRow = top + expected.count - 1
        return screen.row == cursorRow && screen.column == (column ?? expected.last!.count)
    }

    @Test func tokensAreColouredOnTheWrappedLine() throws {
        let shell = try start()
        let line = "deals | where rep = \"Sjögren\" and value > 30d and fooo < 1"
        shell.send(line)
        // The colours of the last token can come in a later write than its echo: the wait includes them.
        let screen = screen(shell, "the typed line") {
            shows($0, line) && $0.sgr(of: "1", inRow: promptRow($0) + 1) == ["36"]
        }
        let top = promptRow(screen)
        // 14 + 46 cells fill the first row exactly: "and fooo < 1" is the second.
        #expect(screen.text(ofRow: top + 1) == "and fooo < 1")
        #expect(screen.sgr(of: "deals", inRow: top) == Array(repeating: "1;33", count: 5))
        #expect(screen.sgr(of: "where", inRow: top) == Array(repeating: "1;35", count: 5))
        #expect(screen.sgr(of: "rep ", inRow: top) == ["", "", "", ""])
        #expect(screen.sgr(of: "\"Sjögren\"", inRow: top) == Array(repeating: "32", count: 9))
        #expect(screen.sgr(of: "30d", inRow: top) == ["36", "36", "36"])
        #expect(screen.sgr(of: "and", inRow: top + 1) == ["1;34", "1;34", "1;34"])
        #expect(screen.sgr(of: "fooo", inRow: top + 1) == Array(repeating: "4;31", count: 4))
        #expect(screen.sgr(of: "1", inRow: top + 1) == ["36"])
        #expect(screen.unknown.isEmpty, "\(screen.unknown)")
        // The escape sequences themselves, around the tokens.
        #expect(shell.output.contains("\u{1B}[32m\"Sjögren\"\u{1B}[0m"))
        #expect(shell.output.contains("\u{1B}[36m30d\u{1B}[0m"))
        #expect(shell.output.contains("\u{1B}[4;31mfooo\u{1B}[0m"))
        shell.send("\u{15}")  // Ctrl-U: an empty line, where Ctrl-D leaves
        _ = self.screen(shell, "the emptied line") { shows($0, "") }
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// Left into the middle, a fix there, a double-width character typed and rubbed out near the start, End:
    /// the screen shows the line as it is, the cursor where readline has it, and the query run is the line.
    @Test func editingInTheMiddleKeepsTheLineAndTheCursor() throws {
        let shell = try start()
        let typed = "deals | where rep = \"Sjögren\" and valu > 100 | sum value"
        let fixed = "deals | where rep = \"Sjögren\" and value > 100 | sum value"
        shell.send(typed)
        _ = screen(shell, "the typed line") { shows($0, typed) }
        shell.send(String(repeating: "\u{1B}[D", count: 18))  // Left to just after "valu"
        // The cursor: prompt 14 + 38 characters ("deals … valu") = column 52 of the first row.
        let before = screen(shell, "after Left") { $0.row == promptRow($0) && $0.column == 52 }
        #expect(before.sgr(of: "valu", inRow: promptRow(before)) == Array(repeating: "4;31", count: 4))
        shell.send("e")
        // The recoloured line can arrive after the echoed "e", so the wait includes the colours.
        var screen = screen(shell, "after the fix") {
            $0.text(ofRow: promptRow($0)) == rows(of: fixed)[0].trimmingSuffix(" ") && $0.row == promptRow($0)
                && $0.column == 53 && $0.sgr(of: "value >", inRow: promptRow($0))?.prefix(5) == ["", "", "", "", ""]
        }
        #expect(screen.sgr(of: "value >", inRow: promptRow(screen))?.prefix(5) == ["", "", "", "", ""])
        shell.send("\u{01}" + String(repeating: "\u{1B}[C", count: 6) + "漢字")  // Home, Right ×6, two wide characters
        screen = self.screen(shell, "with the wide characters") {
            $0.text(ofRow: promptRow($0)).hasPrefix(prompt + "deals 漢字| where") && $0.column == 14 + 10
                && $0.sgr(of: "漢字", inRow: promptRow($0)) == ["4;31", "4;31"]
        }
        #expect(screen.sgr(of: "漢字", inRow: promptRow(screen)) == ["4;31", "4;31"])
        shell.send("\u{7F}\u{7F}\u{05}")  // Backspace ×2, End
        screen = self.screen(shell, "after rubbing them out") { shows($0, fixed) }
        #expect(screen.unknown.isEmpty, "\(screen.unknown)")
        let mark = shell.mark
        shell.send("\r")
        // 250 + 400: the two deals of Sjögren over 100.
        #expect(shell.wait(forInOrder: ["650", prompt], since: mark), "\(shell.output(since: mark))")
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
        #expect(try String(contentsOfFile: historyPath, encoding: .utf8) == fixed + "\n")
    }

    /// Ctrl-R shows readline's own search line, uncoloured; leaving the search colours the line again.
    @Test func reverseSearchFallsBackToPlainReadline() throws {
        let shell = try start()
        let query = "deals|where rep=\"Sjögren\"|count"  // short enough for the search line to fit one row
        var mark = shell.mark
        shell.send(query + "\r")
        #expect(shell.wait(forInOrder: ["3", prompt], since: mark))
        shell.send("\u{12}Sjö")
        let search = "(reverse-i-search)`Sjö': " + query
        var screen = screen(shell, "the search line") { $0.text(ofRow: $0.row) == search }
        // Readline's own look: the match in reverse video, nothing in colour.
        #expect(screen.sgr(of: "deals", inRow: screen.row) == ["", "", "", "", ""])
        #expect(screen.sgr(of: "Sjögren", inRow: screen.row) == ["7", "7", "7", "", "", "", ""])
        shell.send("\u{1B}[C")  // Right: leave the search, keep the line
        // The search put the cursor on "S" (column 14 + 17); Right moved it one on. Waited for with the line's
        // colours, as the other tests wait for their cursor: the cursor's move may come in a later write.
        screen = self.screen(shell, "after the search") {
            $0.text(ofRow: $0.row) == prompt + query && $0.sgr(of: "deals", inRow: $0.row)?.first == "1;33"
                && $0.column == 14 + 18
        }
        #expect(screen.column == 14 + 18)
        mark = shell.mark
        shell.send("\r")
        #expect(shell.wait(forInOrder: ["3", prompt], since: mark))
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// `.highlight off` leaves the line plain (results keep their colour); `.highlight on` brings it back.
    @Test func highlightOffAndOn() throws {
        let shell = try start()
        var mark = shell.mark
        shell.send(".highlight off\r")
        #expect(shell.wait(forInOrder: ["\n", prompt], since: mark))
        mark = shell.mark
        shell.send("deals | where fooo > 1")
        #expect(shell.wait(for: "fooo", since: mark))
        _ = screen(shell, "the plain line") { shows($0, "deals | where fooo > 1") }
        #expect(!shell.output(since: mark).contains("\u{1B}[4;31m"))
        shell.send("\u{15}.highlight on\r")
        #expect(shell.wait(forInOrder: [".highlight on", prompt], since: mark))
        mark = shell.mark
        shell.send("deals | where fooo > 1")
        let screen = screen(shell, "the coloured line") {
            shows($0, "deals | where fooo > 1") && $0.sgr(of: "fooo", inRow: $0.row)?.first == "4;31"
        }
        #expect(screen.unknown.isEmpty)
        shell.send("\u{15}")
        _ = self.screen(shell, "the emptied line") { shows($0, "") }
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// A TERM without a terminfo entry leaves readline unable to move up (it scrolls long lines sideways):
    /// the line is left to readline, uncoloured, and stays on one row.
    @Test func unknownTerminalGetsThePlainLine() throws {
        let shell = try start(["NO_COLOR": nil, "TERM": "pipeq-no-such-terminal"])
        let mark = shell.mark
        let line = "deals | where rep = \"Sjögren\" and value > 30d and fooo < 1 | count"
        shell.send(line)
        #expect(shell.wait(for: "| count", since: mark), "\(shell.output(since: mark))")
        usleep(200_000)
        #expect(!shell.output(since: mark).contains("\u{1B}["), "\(shell.output(since: mark).debugDescription)")
        shell.send("\u{15}\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// In the C locale readline shows "ö" as the escapes \\303\\266: such a line is left plain, an ASCII one
    /// is coloured.
    @Test func nonASCIIInTheCLocaleIsLeftPlain() throws {
        let shell = try start(["NO_COLOR": nil, "LANG": nil])
        var mark = shell.mark
        shell.send("deals | where rep = \"Sjögren\"")
        #expect(shell.wait(for: "\\303\\266", since: mark), "\(shell.output(since: mark))")
        usleep(200_000)
        #expect(!shell.output(since: mark).contains("\u{1B}[1;33m"))
        shell.send("\u{15}")
        _ = screen(shell, "the emptied line") { shows($0, "") }
        mark = shell.mark
        shell.send("deals | where rep = \"Bo\"")
        #expect(shell.wait(for: "\u{1B}[32m\"Bo\"", since: mark), "\(shell.output(since: mark))")
        shell.send("\u{15}\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    @Test func noColorAndDumbTerminalsGetNoEscapes() throws {
        for environment: [String: String?] in [["NO_COLOR": "1"], ["NO_COLOR": nil, "TERM": "dumb"]] {
            let shell = try start(environment)
            let mark = shell.mark
            shell.send("deals | where rep = \"Sjögren\" and value > 30d | count\r")
            #expect(shell.wait(forInOrder: ["cannot compare", prompt], since: mark), "\(shell.output(since: mark))")
            let output = shell.output
            #expect(
                output.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) == nil, "\(output.debugDescription)")
            shell.send("\u{04}")
            #expect(shell.waitForExit() == 0)
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}

import Foundation
import PipeQCore
import PipeQRender
import PipeQTestSupport
import Testing

@testable import PipeQShell

/// `.mode box|line`, `.expanded` (and psql's `\x`) and `.pager` set the session's display settings.
@Suite struct DisplayCommandTests {
    func run(_ line: String, _ session: Session) throws(Diagnostic) {
        try MetaCommands.scriptHandler(session)(line)
    }

    @Test func modesExpandedAndPagerAreSet() throws {
        let session = Session(engine: TestTables.engine())
        try run(".mode box", session)
        #expect(session.format == .box)
        try run(".mode line", session)
        #expect(session.format == .line)
        #expect(session.expanded == .off && session.pager == .auto)
        try run(".expanded auto", session)
        #expect(session.expanded == .auto)
        try run(".pager off", session)
        #expect(session.pager == .off)
        #expect(throws: Diagnostic.self) { try run(".expanded sometimes", session) }
        #expect(throws: Diagnostic.self) { try run(".pager maybe", session) }
    }

    /// `\x` toggles between on and off (auto counts as on); `\x auto` sets auto.
    @Test func backslashXStandsForExpanded() {
        #expect(MetaCommand.expandedLine(forBackslashX: "\\x", current: .off) == ".expanded on")
        #expect(MetaCommand.expandedLine(forBackslashX: "\\x", current: .auto) == ".expanded off")
        #expect(MetaCommand.expandedLine(forBackslashX: "\\x auto", current: .on) == ".expanded auto")
        #expect(MetaCommand.expandedLine(forBackslashX: "\\xyz", current: .on) == nil)
        #expect(MetaCommand.expandedLine(forBackslashX: "deals", current: .on) == nil)
    }

    /// Results going to a file (`.output`) are never cut to the screen nor paged, even in the shell.
    @Test func filesGetWholeTables() throws {
        let session = Session(engine: TestTables.engine())
        session.isInteractive = true
        session.maxWidth = 40
        session.expanded = .auto
        let path = NSTemporaryDirectory() + "pipeq-display-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try session.output.redirect(to: path)
        #expect(session.renderer.table.maxWidth == nil)
        #expect(!session.pagesResults)
        try session.output.close()
    }

    @Test func thePagerProgramIsLookedUpOnThePath() {
        #expect(Pager.program(of: "sh -c true") != nil)
        #expect(Pager.program(of: "/bin/sh") == "/bin/sh")
        #expect(Pager.program(of: "no-such-pager-program -x") == nil)
        #expect(Pager.screenLines("abc\n" + String(repeating: "x", count: 25) + "\n", columns: 10) == 4)
    }
}

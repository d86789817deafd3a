import Foundation
import PipeQCore
import Testing

/// Reading results in the shell, through a pseudo-terminal of a chosen size: `.expanded auto`, tables cut to a
/// narrow screen, and the pager (`PAGER="cat -n"` numbers the lines it shows, so its use can be seen).
@Suite(.serialized) struct ResultDisplayShellTests {
    let folder: String
    let data: String
    let prompt = "pipeq(sales)> "

    init() throws {
        folder = NSTemporaryDirectory() + "pipeq-display-\(UUID().uuidString)"
        data = folder + "/sales"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var csv = "id,name,rep,stage,value,created\n"
        for i in 1...30 { csv += "\(i),Deal number \(i),Ann Lee,Negotiation,\(i * 100),2026-01-05\n" }
        try csv.write(toFile: data + "/deals.csv", atomically: true, encoding: .utf8)
        // 5,000 rows (about 90 KB as a table): more than a pipe holds, so a pager that quits is noticed.
        let many = "n,text\n" + (1...5_000).map { "\($0),row number \($0)" }.joined(separator: "\n") + "\n"
        try many.write(toFile: data + "/many.csv", atomically: true, encoding: .utf8)
    }

    func start(rows: UInt16 = 40, columns: UInt16 = 120, environment: [String: String] = [:]) throws -> PtySession {
        let shell = try PtySession(
            arguments: [data, "--as-of", "2026-11-01", "--no-history", "--no-rc"], home: folder,
            size: (rows, columns), environment: environment)
        #expect(shell.wait(for: prompt), "no prompt; output so far: \(shell.output)")
        return shell
    }

    func enter(_ shell: PtySession, _ line: String) -> String {
        let mark = shell.mark
        shell.send(line + "\r")
        #expect(shell.wait(for: prompt, since: mark), "after \(line.debugDescription): \(shell.output(since: mark))")
        return shell.output(since: mark)
    }

    func quit(_ shell: PtySession) {
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// 40 columns: the six-column table (63 wide) does not fit.
    @Test func expandedAutoPrintsRecordsWhenARowDoesNotFitTheTerminal() throws {
        let shell = try start(columns: 40)
        _ = enter(shell, ".expanded auto")
        let records = PtySession.plainLines(enter(shell, "deals | limit 2"))
        #expect(records.contains("-[ RECORD 1 ]-"), "\(records)")
        #expect(records.contains("name = Deal number 1"), "\(records)")
        let table = PtySession.plainLines(enter(shell, "deals | select id, rep | limit 2"))
        #expect(table.contains("id | rep"), "\(table)")
        _ = enter(shell, "\\x")  // toggles auto to off
        #expect(PtySession.plainLines(enter(shell, ".expanded")).contains("expanded: off"))
        quit(shell)
    }

    @Test func aNarrowTerminalKeepsTheQueriedColumnsAndNamesTheHiddenOnes() throws {
        let shell = try start(columns: 40)
        // id first, value and created named, then rep, the first other column that still fits in 40.
        let lines = PtySession.plainLines(enter(shell, "deals where value > 2900 | sort created"))
        #expect(lines.contains("id | rep     | value | created"), "\(lines)")
        #expect(
            lines.contains("3 columns hidden: name, stage, status (.expanded on or .mode line shows all)"), "\(lines)")
        quit(shell)
    }

    /// 10 rows: the 30-row table (34 lines) is taller than the screen, `deals | count` is not.
    @Test func tallResultsGoThroughThePager() throws {
        let shell = try start(rows: 10, environment: ["PAGER": "cat -n"])
        _ = enter(shell, ".maxrows 100")
        let tall = PtySession.plainLines(enter(shell, "deals | select id, name"))
        #expect(tall.contains { $0.hasPrefix("1\t id | name") }, "\(tall)")
        #expect(tall.contains { $0.hasPrefix("33\t(30 rows)") }, "\(tall)")
        let short = PtySession.plainLines(enter(shell, "deals | count by rep"))
        #expect(short.contains("rep     | count"), "\(short)")
        _ = enter(shell, ".pager on")
        #expect(PtySession.plainLines(enter(shell, "deals | count by rep")).contains { $0.hasPrefix("1\t rep") })
        _ = enter(shell, ".pager off")
        let direct = PtySession.plainLines(enter(shell, "deals | select id, name"))
        #expect(direct.contains("id | name"), "\(direct)")
        quit(shell)
    }

    @Test func aMissingPagerIsSaidAndTheResultPrintedDirectly() throws {
        let shell = try start(rows: 10, environment: ["PAGER": "no-such-pager-program -x"])
        _ = enter(shell, ".maxrows 100")
        let lines = PtySession.plainLines(enter(shell, "deals | select id, name"))
        #expect(
            lines.contains(
                "error: pager \"no-such-pager-program -x\" not found (set PAGER to another, or .pager off); printing directly"
            ), "\(lines)")
        #expect(lines.contains("(30 rows)"), "\(lines)")
        quit(shell)
    }

    /// A pager that quits after reading a little (`head -3`): the rest of the output stops quietly, and the
    /// shell goes on.
    @Test func aPagerThatQuitsEarlyReturnsToThePrompt() throws {
        let shell = try start(rows: 10, environment: ["PAGER": "head -3"])
        _ = enter(shell, ".maxrows all")
        let lines = PtySession.plainLines(enter(shell, "many"))
        #expect(!lines.contains { $0.contains("error") || $0.contains("cancelled") }, "\(lines.suffix(5))")
        #expect(PtySession.plainLines(enter(shell, "deals | count")).contains("30"))
        quit(shell)
    }
}

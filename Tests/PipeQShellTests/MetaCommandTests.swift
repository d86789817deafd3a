import Foundation
import PipeQCore
import PipeQRender
import PipeQTestSupport
import Testing

@testable import PipeQShell

@Suite struct MetaCommandTests {
    func session() -> Session { Session(engine: TestTables.engine()) }

    func run(_ line: String, _ session: Session) throws(Diagnostic) {
        try MetaCommands.scriptHandler(session)(line)
    }

    func diagnostic(_ line: String, _ session: Session) -> Diagnostic? {
        do throws(Diagnostic) {
            try run(line, session)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyCommandHasAUsageLine() {
        for command in MetaCommands.all {
            #expect(command.name.hasPrefix("."))
            #expect(command.usage.hasPrefix(command.name))
            #expect(!command.summary.isEmpty)
        }
        #expect(MetaCommands.command(named: "exit")?.name == ".quit")
    }

    @Test func unknownCommandsSuggestTheClosest() {
        let error = diagnostic(".tabels", session())
        #expect(error?.message == "unknown meta-command \".tabels\"")
        #expect(error?.hint == "did you mean \".tables\"?")
        #expect(
            DiagnosticRenderer().render(error!)
                == "error: unknown meta-command \".tabels\" — did you mean \".tables\"?\n")
    }

    /// Other shells' names point at the pipeq command doing the same job, or say there is none, rather than
    /// guessing a look-alike (`.shell` suggested `.help`, `.import` suggested nothing).
    @Test func otherToolsCommandsPointAtPipeqsOwn() {
        let s = session()
        #expect(diagnostic(".import deals.csv deals", s)?.hint == "did you mean \".load\"? (.load PATH [as NAME])")
        #expect(diagnostic(".open data/", s)?.hint == "did you mean \".load\"? (.load PATH [as NAME])")
        #expect(diagnostic(".q", s)?.hint == "did you mean \".quit\"? (.quit)")
        #expect(diagnostic(".timing on", s)?.hint == "did you mean \".timer\"? (.timer on|off)")
        #expect(diagnostic(".shell ls", s)?.hint == "pipeq has no .shell; type .help for the list")
        #expect(diagnostic(".headers on", s)?.hint == "pipeq has no .headers; type .help for the list")
        #expect(diagnostic(".frobnicate", s)?.hint == "type .help for the list")
        #expect(diagnostic(".IMPORT x", s)?.hint?.hasPrefix("did you mean \".load\"?") == true)
        // Every name pointed at exists.
        for case (let name, let target?) in OtherToolCommands.names {
            #expect(MetaCommands.command(named: target) != nil, "\(name) → \(target)")
            #expect(MetaCommands.command(named: name) == nil, "\(name) is a pipeq command itself")
        }
    }

    @Test func settingsChangeTheSession() throws {
        let s = session()
        try run(".mode csv", s)
        #expect(s.format == .csv)
        try run(".timer on", s)
        #expect(s.timer)
        try run(".maxrows 12", s)
        #expect(s.maxRows == 12)
        try run(".maxrows all", s)
        #expect(s.maxRows == nil)
        try run(".asof 2026-11-01", s)
        #expect(s.engine.asOfDay == CivilTime.parseDate("2026-11-01"))
        #expect(s.engine.asOfIsFixed)
        #expect(diagnostic(".mode jsn", s)?.hint == "did you mean \"json\"?")
        #expect(diagnostic(".asof yesterday", s) != nil)
        #expect(diagnostic(".timer maybe", s) != nil)
    }

    /// `.echo on` prints each statement before its result; `.read` separates its results with their comments.
    @Test func echoAndReadPrintStatementsAndComments() throws {
        let folder = try ShellFixtures.folder([])
        let out = (folder as NSString).appendingPathComponent("out.txt")
        let script = (folder as NSString).appendingPathComponent("s.pq")
        try "# How many\ndeals | count\n# Reps\nreps | count\n".write(toFile: script, atomically: true, encoding: .utf8)
        let s = session()
        let runner = ScriptRunner(session: s, metaCommand: MetaCommands.scriptHandler(s))
        #expect(runner.run(".output \(out)\n.read \(script)\n.echo on\n.read \(script)\n.echo off\n", name: "t.pq"))
        #expect(!s.echo)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(
            written == """
                # How many
                5

                # Reps
                3
                .read \(script)
                # How many
                deals | count
                5

                # Reps
                reps | count
                3
                .echo off

                """)
        try run(".echo on", s)
        #expect(s.echo)
        #expect(diagnostic(".echo maybe", s)?.message == "expected on or off, got \"maybe\"")
        #expect(s.highlightInput)
        try run(".highlight off", s)
        #expect(!s.highlightInput)
        try run(".highlight ON", s)
        #expect(s.highlightInput)
        #expect(diagnostic(".highlight", s)?.message.contains("usage: .highlight on|off") == true)
    }

    @Test func interactiveOnlyCommandsAreRefusedInScripts() {
        #expect(diagnostic(".history", session())?.message == ".history only works at the interactive prompt")
    }

    @Test func loadAddsTablesAndReportsMissingPaths() throws {
        let folder = try ShellFixtures.folder([])
        let csv = (folder as NSString).appendingPathComponent("people.csv")
        try "name,team\nAnn,East\nBo,West\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let s = session()
        try run(".load \(csv) as staff", s)
        #expect(s.engine.catalog.table(named: "staff")?.rowCount == 2)
        #expect(diagnostic(".load \(folder)/nope.csv", s)?.message.contains("no such file or folder") == true)
        #expect(diagnostic(".schema staf", s)?.hint == "did you mean \"staff\"?")
    }

    /// `.load FOLDER` opens another dataset whole: its tables, stages and roles replace the old ones (before, the
    /// first dataset's history, reps and stages stayed, so funnel printed zeros). `as NAME` adds beside it.
    @Test func loadReplacesTheDatasetOrAddsBesideIt() throws {
        let folder = try ShellFixtures.folder([])
        let second = (folder as NSString).appendingPathComponent("second")
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        try "id,stage,amount,created\n1,Discovery,10,2024-01-01\n2,Closed Won,20,2024-01-02\n"
            .write(toFile: second + "/opps.csv", atomically: true, encoding: .utf8)
        try "[[stage]]\nname = \"Discovery\"\n[[stage]]\nname = \"Closed Won\"\noutcome = \"won\"\n"
            .write(toFile: second + "/pipeline.toml", atomically: true, encoding: .utf8)
        let s = session()
        #expect(s.engine.catalog.table(named: "reps") != nil)
        try run(".load \(second)", s)
        let catalog = s.engine.catalog
        #expect(catalog.tableNames == ["opps"])
        #expect(catalog.table(named: "deals")?.name == "opps")
        #expect(catalog.table(named: "reps") == nil, "the old dataset's reps are gone")
        #expect(catalog.stages.order == ["Discovery", "Closed Won"])
        #expect(s.loadNotes.contains { $0.hasPrefix("opps: deals table") })
        // Beside it: a second deals-like file keeps no role, since opps already is the deals table.
        try run(".load \(second)/opps.csv as old_opps", s)
        #expect(catalog.tableNames == ["opps", "old_opps"])
        #expect(catalog.table(named: "old_opps")?.role == nil)
        #expect(catalog.table(named: "deals")?.name == "opps")
        #expect(
            s.loadNotes.contains("old_opps: looks like a deals table, but opps already is one; added as a plain table"))
    }

    @Test func outputRedirectsScriptResultsAndQuitEndsTheScript() throws {
        let folder = try ShellFixtures.folder([])
        let out = (folder as NSString).appendingPathComponent("out.csv")
        let s = session()
        let runner = ScriptRunner(session: s, metaCommand: MetaCommands.scriptHandler(s))
        #expect(
            runner.run(
                ".mode csv\n.output \(out)\nreps | count by team | sort team\n.quit\ndeals | count\n", name: "t.pq"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "team,count\nEast,2\nWest,1\n")
        #expect(!s.endRequested)
        #expect(diagnostic(".output /proc/no/such/place.csv", s)?.message == "cannot write to /proc/no/such/place.csv")
    }

    @Test func readRunsAScriptAndLetListsNames() throws {
        let folder = try ShellFixtures.folder([])
        let script = (folder as NSString).appendingPathComponent("defs.pq")
        try "let open_deals = deals where status = \"open\"\n.history\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        let s = session()
        // .read stops at .history (interactive only) but keeps what ran before it.
        #expect(diagnostic(".read \(script)", s)?.message == ".read \(script) stopped at its first error")
        #expect(s.engine.letOrder == ["open_deals"])
        #expect(diagnostic(".read \(folder)/missing.pq", s)?.message == "no such script file: \(folder)/missing.pq")
    }
}

import Foundation
import PipeQCore
import Testing

/// The interactive shell driven through a pseudo-terminal: readline, history, completion, Ctrl-C, Ctrl-D.
@Suite(.serialized) struct InteractiveShellTests {
    let folder: String
    let data: String
    let historyPath: String
    let prompt = "pipeq(sales)> "

    init() throws {
        folder = NSTemporaryDirectory() + "pipeq-e2e-\(UUID().uuidString)"
        data = folder + "/sales"
        historyPath = folder + "/state/history"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try """
        id,name,rep,stage,value,created
        1,Acme,Ann Lee,Negotiation,100,2026-01-05
        2,Globex,Bo Chen,Needs Analysis,250,2026-02-01
        3,Initech,Ann Lee,Prospecting,80,2026-03-10
        4,Umbrella,Cy Diaz,Closed Won,1000,2026-04-01
        5,Hooli,Bo Chen,Negotiation,40,2026-05-01

        """.write(toFile: data + "/deals.csv", atomically: true, encoding: .utf8)
    }

    func start() throws -> PtySession {
        let shell = try PtySession(arguments: [data, "--as-of", "2026-11-01", "--history", historyPath], home: folder)
        #expect(shell.wait(for: prompt), "no prompt; output so far: \(shell.output)")
        return shell
    }

    /// Types a line and waits for the next main prompt; returns what was printed in between.
    func enter(_ shell: PtySession, _ line: String, expecting: String = "pipeq(sales)> ") -> String {
        let mark = shell.mark
        shell.send(line + "\r")
        #expect(shell.wait(for: expecting, since: mark), "after \(line.debugDescription): \(shell.output(since: mark))")
        return shell.output(since: mark)
    }

    @Test func ctrlDOnAnEmptyLineExitsWithZero() throws {
        let shell = try start()
        #expect(shell.output.contains("tables: deals (5 rows)"))
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    @Test func historyPersistsAcrossRunsWithMultiLineQueriesAsOneEntry() throws {
        let first = try start()
        _ = enter(first, "deals |", expecting: "...> ")
        #expect(enter(first, "  sum value").contains("1,470"))
        #expect(PtySession.plainLines(enter(first, "deals | count")).contains("5"))
        first.send("\u{04}")
        #expect(first.waitForExit() == 0)
        let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
        #expect(saved == "deals |\\n  sum value\ndeals | count\n")

        let second = try start()
        let mark = second.mark
        second.send("\u{1B}[A\u{1B}[A\r")  // Up, Up, Enter: the multi-line entry
        #expect(second.wait(forInOrder: ["1,470", prompt], since: mark), "\(second.output(since: mark))")
        second.send("\u{04}")
        #expect(second.waitForExit() == 0)
    }

    @Test func tabCompletesAColumnAndAStageValue() throws {
        let shell = try start()
        var mark = shell.mark
        shell.send("deals | sum val\t")
        #expect(shell.wait(for: "ue", since: mark))
        mark = shell.mark
        shell.send("\r")
        #expect(shell.wait(for: "1,470", since: mark), "\(shell.output(since: mark))")
        #expect(shell.wait(for: prompt, since: mark))

        mark = shell.mark
        shell.send("deals where stage = \"Neg\t")
        #expect(shell.wait(for: "otiation\"", since: mark), "\(shell.output(since: mark))")
        let out = enter(shell, " | count")
        #expect(PtySession.plainLines(out).contains("2"), "\(out)")
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// Issue 19: Tab after a verb offers what the verb takes, and dates after `asof` complete as one word.
    @Test func tabCompletesRepsOptionsAndDates() throws {
        let shell = try start()
        var mark = shell.mark
        shell.send("deals | compare \"B\t")
        #expect(shell.wait(for: "o Chen\"", since: mark), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.process.interrupt()
        #expect(shell.wait(for: prompt, since: mark))

        mark = shell.mark
        shell.send("deals | funnel str\t")
        #expect(shell.wait(for: "ict ", since: mark), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.process.interrupt()
        #expect(shell.wait(for: prompt, since: mark))

        // The data's last change is the newest created date, 2026-05-01: the only date starting 2026-05.
        mark = shell.mark
        shell.send("deals asof 2026-05\t")
        #expect(shell.wait(for: "-01 ", since: mark), "\(shell.output(since: mark))")
        mark = shell.mark
        shell.process.interrupt()
        #expect(shell.wait(for: prompt, since: mark))
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// `exit`, `quit` and `\q` leave when they are the whole entry (they were parse errors), and are not history.
    @Test(arguments: ["exit", "quit", "\\q", "  EXIT;"])
    func exitWordsLeave(_ word: String) throws {
        let shell = try start()
        #expect(PtySession.plainLines(enter(shell, "deals | count")).contains("5"))
        shell.send(word + "\r")
        #expect(shell.waitForExit() == 0, "\(shell.output)")
        #expect(!shell.output.contains("error"), "\(shell.output)")
        #expect(try String(contentsOfFile: historyPath, encoding: .utf8) == "deals | count\n")
    }

    /// Inside a longer entry the words are ordinary text.
    @Test func exitInsideAnEntryDoesNotLeave() throws {
        let shell = try start()
        _ = enter(shell, "deals |", expecting: "...> ")
        let out = enter(shell, "exit")
        #expect(out.contains("error"), "\(out)")
        #expect(shell.process.isRunning)
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    /// The startup file runs before the first prompt: its settings and lets hold at the prompt; an error in it is
    /// reported with its file, line and column, and the shell opens anyway.
    @Test func startupFileRunsBeforeThePrompt() throws {
        let rc = folder + "/.pipeqrc"
        try ".mode csv\nlet big = deals where value > 90\n.maxrows 0\n.timer on\n".write(
            toFile: rc, atomically: true, encoding: .utf8)
        let shell = try start()
        #expect(shell.output.contains("\(rc):3:1: error: expected a number of rows"), "\(shell.output)")
        let out = PtySession.plainLines(enter(shell, "big | count"))
        #expect(out.contains("count") && out.contains("3"), "\(out)")  // csv, and the let
        #expect(!out.contains { $0.hasPrefix("time:") }, "the file stopped at its error: \(out)")
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)

        // The XDG file wins over ~/.pipeqrc; --no-rc reads neither.
        try FileManager.default.createDirectory(atPath: folder + "/.config/pipeq", withIntermediateDirectories: true)
        try ".mode json\n".write(toFile: folder + "/.config/pipeq/pipeqrc", atomically: true, encoding: .utf8)
        let xdg = try start()
        #expect(enter(xdg, "deals | count").contains("\"count\": 5"), "\(xdg.output)")
        xdg.send("\u{04}")
        #expect(xdg.waitForExit() == 0)
        let plain = try PtySession(
            arguments: [data, "--as-of", "2026-11-01", "--history", historyPath, "--no-rc"], home: folder)
        #expect(plain.wait(for: prompt), "\(plain.output)")
        #expect(PtySession.plainLines(enter(plain, "deals | count")).contains("5"))
        plain.send("\u{04}")
        #expect(plain.waitForExit() == 0)
    }

    /// Only the shell reads it: -c and piped input give the same results whatever the file sets.
    @Test func scriptsDoNotReadTheStartupFile() throws {
        try ".mode csv\n".write(toFile: folder + "/.pipeqrc", atomically: true, encoding: .utf8)
        let result = try PipeQProcess.run(
            [data, "-c", "deals | count"], environment: ["HOME": folder, "XDG_CONFIG_HOME": nil])
        #expect(result.stdout == "5\n", "\(result)")
    }

    @Test func ctrlCAbandonsTheLineAndTheShellStays() throws {
        let shell = try start()
        _ = enter(shell, "deals |", expecting: "...> ")
        var mark = shell.mark
        shell.send("  count by")
        #expect(shell.wait(for: "count by", since: mark))
        mark = shell.mark
        shell.process.interrupt()
        #expect(shell.wait(for: prompt, since: mark), "no fresh prompt after Ctrl-C: \(shell.output(since: mark))")
        let out = enter(shell, "deals | count")
        #expect(PtySession.plainLines(out).contains("5"), "\(out)")
        #expect(!out.contains("error"), "\(out)")
        #expect(shell.process.isRunning)
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
        // The abandoned entry is not history.
        #expect(try String(contentsOfFile: historyPath, encoding: .utf8) == "deals | count\n")
    }

    /// kill -9 at any moment loses at most the line being typed: each entry is appended when entered.
    @Test func killMinus9LosesOnlyTheLineBeingTyped() throws {
        let shell = try start()
        _ = enter(shell, "deals | count")
        _ = enter(shell, "deals | sum value")
        _ = enter(shell, "deals |\r  count by rep")
        shell.send("deals | avg val")
        #expect(shell.wait(for: "avg val"))
        kill(shell.process.processIdentifier, SIGKILL)
        #expect(shell.waitForExit() != 0)
        let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
        let lines = saved.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines.last == "", "\(saved.debugDescription)")
        #expect(lines.first == "deals | count" && lines[1] == "deals | sum value", "\(saved.debugDescription)")
        #expect(!saved.contains("avg val"))
        // The next shell reads it back.
        let again = try start()
        again.send("\u{1B}[A")
        #expect(again.wait(for: "count by rep"), "\(again.output)")
        let mark = again.mark
        // the pty is not the child's controlling terminal, so a typed ^C would be a plain byte
        again.process.interrupt()
        #expect(again.wait(for: prompt, since: mark), "no fresh prompt after Ctrl-C: \(again.output(since: mark))")
        again.send("\u{04}")
        #expect(again.waitForExit() == 0)
    }

    @Test func anUnusableHistoryFileIsReportedOnceAndTheShellStillStarts() throws {
        let shell = try PtySession(
            arguments: [data, "--as-of", "2026-11-01", "--history", "/proc/pipeq-none/history"], home: folder)
        #expect(shell.wait(for: prompt), "\(shell.output)")
        _ = enter(shell, "deals | count")
        _ = enter(shell, "deals | sum value")
        let warnings = shell.output.components(separatedBy: "history will not be saved").count - 1
        #expect(warnings == 1, "\(shell.output)")
        shell.send("\u{04}")
        #expect(shell.waitForExit() == 0)
    }

    @Test func pipedInputRunsMetaCommandsWithoutReadline() throws {
        let process = Process()
        process.executableURL = PtySession.binary
        process.arguments = [data, "--as-of", "2026-11-01"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(".mode csv\ndeals |\n  count by rep | sort rep\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(
            decoding: try FileDescriptorReader.readAll(output.fileHandleForReading.fileDescriptor), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text == "rep,count\nAnn Lee,2\nBo Chen,2\nCy Diaz,1\n")
    }
}

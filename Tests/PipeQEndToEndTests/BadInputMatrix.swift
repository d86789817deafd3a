import Foundation
import Testing

/// The bad-input matrix of `docs/hardening.md`: each row is an input pipeq must reject (or take) with an
/// exact message and exit status. The doc's table is generated from `BadInput.all`, and a test checks
/// that the doc matches, so the two can't drift: after changing a row, run the tests with
/// `PIPEQ_RECORD=1` to rewrite the table, and review the diff.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Area: String, Sendable {
        case csv = "CSV"
        case query = "query"
        case script = "script"
        case shell = "shell"
        case cli = "command line"
    }
    /// Which output holds `expected` as one whole line.
    enum Stream: Sendable { case stderr, stdout, terminal }

    var area: Area
    /// What the input is, as the doc shows it.
    var input: String
    /// Files to create in a fresh folder the command runs in (name → bytes); a name ending in "/" is a folder.
    var files: [String: [UInt8]] = [:]
    var arguments: [String]
    /// Piped standard input (nil: /dev/null); ignored for terminal rows.
    var stdin: String? = nil
    var stream: Stream = .stderr
    var expected: String
    var status: Int32
    var note: String = ""
    /// chmod 000 this file before running (the unreadable-file row).
    var unreadable: String? = nil

    var testDescription: String { "\(area.rawValue): \(input)" }

    static let fixture = PipeQProcess.fixture

    static func csv(
        _ input: String, _ text: String, expected: String, status: Int32 = 1, stream: Stream = .stderr,
        query: String = "t | count", csvOutput: Bool = false, note: String = ""
    ) -> BadInput {
        BadInput(
            area: .csv, input: input, files: ["t.csv": Array(text.utf8)],
            arguments: ["t.csv", "-c", query] + (csvOutput ? ["--format", "csv"] : []),
            stream: stream, expected: expected, status: status, note: note)
    }

    static func query(
        _ text: String, _ expected: String, status: Int32 = 1, stream: Stream = .stderr, note: String = ""
    ) -> BadInput {
        BadInput(
            area: .query, input: "`\(text)`", arguments: [fixture, "-c", text], stream: stream, expected: expected,
            status: status, note: note)
    }

    static func shell(_ input: String, stdin: String, expected: String, note: String = "") -> BadInput {
        BadInput(
            area: .shell, input: input, arguments: [fixture], stdin: stdin, expected: expected, status: 1, note: note)
    }

    static func history(_ input: String, _ path: String, files: [String: [UInt8]] = [:], expected: String) -> BadInput {
        BadInput(
            area: .shell, input: input, files: files, arguments: [fixture, "--history", path], stream: .terminal,
            expected: expected, status: 0, note: "the shell starts, says so once, keeps history in memory")
    }

    static let all: [BadInput] = [
        // CSV
        csv(
            "unterminated quote", "id,name\n1,\"abc\n2,x\n",
            expected:
                "t.csv:2:3: error: unterminated quoted field (opened at line 2, column 3) — a field that starts with \" must end with \"; write a quote inside it as \"\""
        ),
        csv(
            "ragged row (3 fields under a 2-column header)", "id,name\n1,a\n2,b,c\n",
            expected: "t.csv:3:5: error: row has 3 fields, expected 2 (header has 2 columns)"),
        csv(
            "short row (a blank line inside the data)", "id,name\n1,a\n\n2,b\n",
            expected: "t.csv:3:1: error: row has 1 field, expected 2 (header has 2 columns) — the line is empty"),
        csv(
            "duplicate header names (`name`, `Name`)", "id,name,Name\n1,a,b\n",
            expected:
                "t.csv:1:9: error: duplicate column name \"name\" (columns 2 and 3) — rename one of the columns in the header"
        ),
        csv(
            "empty header name (`id,,x`)", "id,,x\n1,a,b\n", expected: "column_2", status: 0, stream: .stdout,
            query: "t | select column_2", csvOutput: true,
            note: "loads; the column is named `column_2` (`--schema` shows header \"\")"),
        csv(
            "header only", "id,name\n", expected: "0", status: 0, stream: .stdout,
            note: "a table with no rows; columns are strings"),
        csv("empty file", "", expected: "t.csv:1:1: error: file is empty: no header row"),
        BadInput(
            area: .csv, input: "binary file (PNG bytes)",
            files: ["t.csv": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]],
            arguments: ["t.csv", "-c", "t | count"], expected: "t.csv:3:1: error: file looks binary (NUL byte)",
            status: 1,
            note: "a NUL byte in the first 8 KB is reported before any invalid UTF-8"),
        BadInput(
            area: .csv, input: "invalid UTF-8 (Latin-1 `café`, --encoding utf-8)",
            files: ["t.csv": Array("id,name\n1,caf".utf8) + [0xE9, 0x0A]],
            arguments: ["t.csv", "--encoding", "utf-8", "-c", "t | count"],
            expected:
                "t.csv:2:6: error: invalid UTF-8 byte 0xE9 — pipeq reads CSV files as UTF-8; re-save the file as UTF-8",
            status: 1),
        csv(
            "mixed delimiters (`;` header, a `,` row)", "id;name\n1;a\n2,b\n",
            expected:
                "t.csv:3:4: error: row has 1 field, expected 2 (header has 2 columns) — the header is split on \";\" but this line uses \",\" — use one delimiter throughout"
        ),
        csv(
            "mixed delimiters in the header (`id;name,x`)", "id;name,x\n1;a,b\n", expected: "id_name,x", status: 0,
            stream: .stdout,
            query: "t | limit 0", csvOutput: true,
            note: "the delimiter is detected from the header (a tie goes to `,`): one column `id_name`"),
        csv("mixed line endings (CRLF and LF)", "id,name\r\n1,a\n2,b\r\n", expected: "2", status: 0, stream: .stdout),
        csv(
            "a column that is 99% dates and 1% text",
            (["id,d"] + (0..<99).map { "\($0),2026-01-\(String(format: "%02d", $0 % 28 + 1))" } + ["99,soon"]).joined(
                separator: "\n") + "\n",
            expected: "error: cannot compare string with date — d is text because row 100 holds \"soon\"",
            query: "t where d > 2026-01-15 | count",
            note:
                "the column stays text (types are inferred over the whole column); the hint names the value that keeps it text"
        ),
        // Queries (on the golden fixture)
        query("dealz | count", "error: unknown table \"dealz\" — did you mean \"deals\"?"),
        query("deals | avg vaule", "error: unknown column \"vaule\" — did you mean \"value\"?"),
        query(
            "deals | extend x = frob(amount)",
            "error: unknown function \"frob\" — functions: day, week, month, quarter, year, days, hours, lower, upper, length, "
                + "round, abs, coalesce, if, int, number, text, bool, date, replace, trim, split_part, dayofweek, hour, month_name, "
                + "fiscal_quarter, fiscal_year"),
        query(
            "deals | frob",
            "error: unknown verb \"frob\" — stages: where, select, extend, sort, top, limit, distinct, count, sum, avg, min, max, median, stddev, sparkline, winrate, growth, cycle, dealsize, velocity, funnel, stagetime, forecast, attainment, coverage, cac, payback, ltv, churn, conversion, scorecard, aging, stalled, balance, compare, metrics, changes, slipped, join, append, pivot, bar, chart, spark"
        ),
        query("deals where amount + \"x\" > 1", "error: cannot add number and string"),
        query(
            "deals where name > 5",
            "error: cannot compare string with number — \"name\" is a text column (a CSV column is a number only when all its values are)"
        ),
        query("deals where created > 5", "error: cannot compare date with number"),
        query(
            "deals where age > 30",
            "error: expected a duration like 30d after \">\" — \"age\" is a duration; write e.g. 30d, 2w, 3mo"),
        query("deals | extend x = owner * 2", "error: cannot multiply string by number"),
        query("deals | extend x = -name", "error: cannot negate a string"),
        query(
            "deals where not amount",
            "error: \"not\" needs a condition (true or false), but this is a number — compare it, e.g. value > 10k"),
        query(
            "deals where amount and true",
            "error: \"and\" needs a condition (true or false), but this is a number — compare it, e.g. value > 10k"),
        query(
            "deals where name contains 5",
            "error: \"contains\" needs a quoted string to look for — e.g. name contains \"Acme\""),
        query("deals where amount between \"a\" and \"b\"", "error: cannot compare number with string"),
        query("deals where amount in (\"a\")", "error: cannot compare number with string"),
        query("deals | sum name", "error: cannot sum a string column — count it, or count distinct it"),
        query("deals | avg owner", "error: cannot average a string column — count it, or count distinct it"),
        query("deals | count by nosuch", "error: unknown column \"nosuch\""),
        query("deals | top -1 by amount", "error: \"top\" needs a count from 0 to 2147483647, got -1"),
        query("deals | limit 0", "(0 rows)", status: 0, stream: .stdout, note: "no rows, with the header"),
        query("deals | limit -1", "error: \"limit\" needs a count from 0 to 2147483647, got -1"),
        query("deals where name = \"abc", "error: unterminated string: missing closing \""),
        query(
            "deals | count |",
            "error: expected a stage after \"|\" — e.g. \"| count\", \"| where …\", \"| sort value desc\""),
        query(
            "deals where " + String(repeating: "(", count: 300) + "true" + String(repeating: ")", count: 300),
            "error: query too deeply nested (more than 200 levels)", note: "also 10,000 `not`s, `-`s or `1+1+…` terms"),
        query(
            "deals where amount > 99999999999999999999",
            "error: number 99999999999999999999 is too large for a 64-bit integer"),
        query("deals where amount > 1e400", "error: number is out of range"),
        query("deals where created > 2026-02-30", "error: invalid date \"2026-02-30\": no such day"),
        // Scripts
        BadInput(
            area: .script, input: "missing file", arguments: [fixture, "-f", "nosuch.pq"],
            expected: "error: no such script file: nosuch.pq", status: 1),
        BadInput(
            area: .script, input: "a folder", files: ["adir/": []], arguments: [fixture, "-f", "adir"],
            expected: "error: adir is a folder, not a script file", status: 1),
        BadInput(
            area: .script, input: "unreadable file (chmod 000)", files: ["locked.pq": Array("deals | count\n".utf8)],
            arguments: [fixture, "-f", "locked.pq"],
            expected: "error: cannot read script file locked.pq: permission denied",
            status: 1, note: "root reads any file: as root the test runs pipeq as `nobody` (setpriv)",
            unreadable: "locked.pq"),
        BadInput(
            area: .script, input: "error on line 4",
            files: ["s.pq": Array("deals | count\n\n# next\ndeals | avg vaule\ndeals | count\n".utf8)],
            arguments: [fixture, "-f", "s.pq"],
            expected: "s.pq:4:13: error: unknown column \"vaule\" — did you mean \"value\"?",
            status: 1, note: "stops there: line 5 does not run"),
        BadInput(
            area: .script, input: "invalid UTF-8 on line 2",
            files: ["s.pq": Array("deals | count\n".utf8) + [0xFF, 0x0A]],
            arguments: [fixture, "-f", "s.pq"], expected: "s.pq:2:1: error: the script is not valid UTF-8 text",
            status: 1),
        BadInput(
            area: .script, input: "invalid UTF-8 on standard input", arguments: [fixture],
            stdin: "deals | count\n\u{FFFD}\n",
            expected: "error: standard input is not valid UTF-8 text", status: 1,
            note: "the test sends a real 0xFF byte; nothing runs"),
        // Shell
        history(
            "history file in a place that can't be written", "/proc/pipeq-none/history",
            expected: "pipeq: cannot create /proc/pipeq-none for the history file; history will not be saved"),
        history(
            "history file is a folder", "hdir", files: ["hdir/": []],
            expected: "pipeq: history file hdir is a folder; history will not be saved"),
        history(
            "corrupt history file (binary)", "h", files: ["h": [0x64, 0x00, 0xFF, 0x0A]],
            expected:
                "pipeq: history file h is not text (corrupt?); history will not be saved — move it away to start afresh"
        ),
        shell(
            "`.load` of a missing path", stdin: ".load nosuch.csv\n",
            expected: "<stdin>:1:1: error: no such file or folder: nosuch.csv"),
        shell(
            "`.output` into a missing folder", stdin: ".output /nonexistent-pipeq/out.csv\n",
            expected:
                "<stdin>:1:1: error: cannot write to /nonexistent-pipeq/out.csv — check that the folder exists and is writable"
        ),
        shell(
            "`.output` to a place that can't be written", stdin: ".output /proc/out.csv\n",
            expected:
                "<stdin>:1:1: error: cannot write to /proc/out.csv — check that the folder exists and is writable",
            note: "checked by creating the temporary file, so it holds for root too"),
        BadInput(
            area: .shell, input: "`.output` to a folder", files: ["adir/": []], arguments: [fixture],
            stdin: ".output adir\n",
            expected: "<stdin>:1:1: error: cannot write to adir: it is a folder — name a file inside it", status: 1),
        // Command line
        BadInput(
            area: .cli, input: "missing data path", arguments: ["nosuch.csv", "-c", "x | count"],
            expected: "error: no such file or folder: nosuch.csv", status: 1),
        BadInput(
            area: .cli, input: "a folder without CSV files", files: ["adir/": []],
            arguments: ["adir", "-c", "x | count"],
            expected: "error: no .csv or .xlsx files in folder adir", status: 1),
        BadInput(
            area: .cli, input: "`--as-of 2026-02-30`",
            arguments: [fixture, "--as-of", "2026-02-30", "-c", "deals | count"],
            expected: "Error: --as-of needs a real date as YYYY-MM-DD, got \"2026-02-30\"", status: 2),
    ]

    /// The markdown table the doc holds between its markers.
    static var markdownTable: String {
        var out = "| # | area | input | message (exact; the first line of stderr unless noted) | exit | note |\n"
        out += "|---|---|---|---|---|---|\n"
        for (i, row) in all.enumerated() {
            let shown: String
            switch row.stream {
            case .stderr: shown = code(row.expected)
            case .stdout: shown = "stdout: " + code(row.expected)
            case .terminal: shown = code(row.expected) + " (on the terminal)"
            }
            out +=
                "| \(i + 1) | \(row.area.rawValue) | \(cell(row.input)) | \(shown) | \(row.status) | \(cell(row.note)) |\n"
        }
        return out
    }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func code(_ text: String) -> String {
        let fence = text.contains("`") ? "``" : "`"
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + cell(text) + pad + fence
    }
}

@Suite(.serialized) struct BadInputMatrixTests {
    static let docPath = PipeQProcess.repositoryRoot.appendingPathComponent("docs/hardening.md").path
    static let begin = "<!-- bad-input-matrix: generated from Tests/PipeQEndToEndTests/BadInputMatrix.swift -->\n"
    static let end = "<!-- end of bad-input-matrix -->"

    @Test func docTableMatchesTheRows() throws {
        let doc = try String(contentsOfFile: Self.docPath, encoding: .utf8)
        guard let start = doc.range(of: Self.begin),
            let stop = doc.range(of: Self.end, range: start.upperBound..<doc.endIndex)
        else {
            Issue.record("docs/hardening.md lacks the bad-input-matrix markers")
            return
        }
        let table = BadInput.markdownTable
        if ProcessInfo.processInfo.environment["PIPEQ_RECORD"] == "1" {
            try (doc[..<start.upperBound] + table + doc[stop.lowerBound...]).write(
                toFile: Self.docPath, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(doc[start.upperBound..<stop.lowerBound]) == table,
            "docs/hardening.md's matrix is out of date: run the tests with PIPEQ_RECORD=1 and review the diff")
    }

    @Test(arguments: BadInput.all)
    func row(_ row: BadInput) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        for (name, bytes) in row.files {
            let url = folder.url.appendingPathComponent(name)
            if name.hasSuffix("/") {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } else {
                try Data(bytes).write(to: url)
            }
        }
        var arguments = row.arguments
        if let locked = row.unreadable {
            chmod(folder.url.appendingPathComponent(locked).path, 0)
            if geteuid() == 0 {
                // Root reads any file; run pipeq as nobody (when setpriv is there) to see the real refusal.
                guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                    let result = try PipeQProcess.run(arguments, in: folder.url)
                    #expect(result.status == 0, "as root without setpriv the file is read: \(result)")
                    return
                }
                chmod(folder.url.path, 0o755)
                arguments =
                    ["--reuid=65534", "--regid=65534", "--clear-groups", try PipeQProcess.binary.get().path] + arguments
                let result = try PipeQProcess.run(
                    arguments, stdinBytes: nil, in: folder.url, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
                check(row, status: result.status, lines: lines(result.stderr), output: "\(result)")
                return
            }
        }
        switch row.stream {
        case .terminal:
            let shell = try PtySession(arguments: arguments, home: folder.url.path, directory: folder.url.path)
            #expect(shell.wait(for: "> "), "\(shell.output)")
            shell.send("\u{04}")
            let status = shell.waitForExit()
            check(row, status: status ?? -1, lines: PtySession.plainLines(shell.output), output: shell.output)
        case .stderr, .stdout:
            var stdin = row.stdin.map { Data($0.utf8) }
            if row.input == "invalid UTF-8 on standard input" {
                stdin = Data("deals | count\n".utf8) + Data([0xFF, 0x0A])
            }
            let result = try PipeQProcess.run(arguments, stdinBytes: stdin, in: folder.url)
            check(
                row, status: result.status, lines: lines(row.stream == .stderr ? result.stderr : result.stdout),
                output: "\(result)")
            if row.stream == .stderr, row.status != 0 {
                #expect(
                    lines(result.stderr).first == row.expected, "the message is the first line of stderr: \(result)")
            }
        }
    }

    func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    func check(_ row: BadInput, status: Int32, lines: [String], output: String) {
        #expect(status == row.status, "\(output)")
        #expect(lines.contains(row.expected), "expected the line \(row.expected.debugDescription) in:\n\(output)")
    }
}

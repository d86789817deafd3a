import Foundation
import Testing

/// End-to-end tests: the built `pipeq` binary, run as a child process with its real arguments, stdin, stdout,
/// stderr and exit status. Exit codes: 0 success, 1 query/data/file errors, 2 usage errors.
@Suite struct CLITests {
    let fixture = PipeQProcess.fixture
    static let asOf = ["--as-of", "2026-11-01"]

    static let countByStage = """
         stage          | count
        ----------------+-------
         Prospecting    |     1
         Needs Analysis |     2
         Proposal       |     1
         Negotiation    |     1
         Closed Won     |     3
         Closed Lost    |     2
        (6 rows)

        """

    static let vauleError = "error: unknown column \"vaule\" — did you mean \"value\"?"

    // MARK: -c

    @Test func oneQuery() throws {
        let result = try PipeQProcess.run([fixture, "-c", "deals | count by stage"])
        #expect(result.stdout == Self.countByStage, "\(result)")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func semicolonSeparatedQueries() throws {
        let result = try PipeQProcess.run([
            fixture, "-c", "deals | count; deals | sum amount;deals where owner = \"Li Wei\" | count",
        ])
        #expect(result.stdout == "10\n220,000\n3\n", "\(result)")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    /// Like psql: every -c runs, in order (the last one used to win silently), and settings carry over.
    @Test func repeatedCommandsAllRunInOrderAndStopAtTheFirstError() throws {
        let ok = try PipeQProcess.run([
            fixture, "-c", "deals | count", "-c", ".mode csv", "-c", "deals where owner = \"Li Wei\" | count",
        ])
        #expect(ok.stdout == "10\ncount\n3\n", "\(ok)")
        #expect(ok.status == 0)
        let failed = try PipeQProcess.run([
            fixture, "-c", "deals | count", "-c", "deals | avg vaule", "-c", "deals | sum amount",
        ])
        #expect(failed.stdout == "10\n", "\(failed)")
        #expect(failed.stderr.contains("unknown column \"vaule\""))
        #expect(failed.status == 1)
    }

    @Test func commandErrorStopsAndExits1() throws {
        let result = try PipeQProcess.run([fixture, "-c", "deals | count; deals | avg vaule; deals | count"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "10\n")
        #expect(
            result.stderr == """
                \(Self.vauleError)
                  deals | count; deals | avg vaule; deals | count
                                             ^^^^^

                """)
    }

    @Test func csvFormat() throws {
        let result = try PipeQProcess.run(
            [fixture, "--format", "csv"] + Self.asOf
                + [
                    "-c",
                    "deals | count by stage; deals where id in (1, 5, 7) | select id, account, amount, close_date, age",
                ])
        #expect(
            result.stdout == #"""
                stage,count
                Prospecting,1
                Needs Analysis,2
                Proposal,1
                Negotiation,1
                Closed Won,3
                Closed Lost,2
                id,account,amount,close_date,age
                1,Acme Corp,12000,2026-02-04,300
                5,Initech,,,31
                7,"Umbrella ""Holdings""",25000,2027-01-10,109

                """#, "\(result)")
        #expect(result.status == 0)
    }

    /// `--format box` and `--format line` (the cells are the table's: see display-box-line.test); a script's output
    /// is never cut to a screen, however wide the table.
    @Test func boxAndLineFormats() throws {
        let box = try PipeQProcess.run(
            [fixture, "--format", "box"] + Self.asOf + ["-c", "deals where id = 1 | select id, owner"])
        #expect(
            box.stdout
                == "┌────┬──────────┐\n│ id │ owner    │\n├────┼──────────┤\n│  1 │ Ana Ruiz │\n└────┴──────────┘\n")
        let line = try PipeQProcess.run(
            [fixture, "--format", "line"] + Self.asOf + ["-c", "deals where id = 1 | select id, owner"])
        #expect(line.stdout == "-[ RECORD 1 ]-\n   id = 1\nowner = Ana Ruiz\n", "\(line)")
        let wide = try PipeQProcess.run(
            [fixture] + Self.asOf + ["-c", "deals | limit 1"], environment: ["COLUMNS": "40"])
        #expect(wide.stdout.contains("region_code") && !wide.stdout.contains("hidden"), "\(wide)")
    }

    @Test func jsonFormat() throws {
        let result = try PipeQProcess.run(
            [fixture, "--format", "json"] + Self.asOf
                + ["-c", "deals where id in (1, 5) | select id, amount, close_date, age, big = amount > 20000"])
        #expect(
            result.stdout == """
                [
                  {"id": 1, "amount": 12000, "close_date": "2026-02-04", "age": 300, "big": false},
                  {"id": 5, "amount": null, "close_date": null, "age": 31, "big": null}
                ]

                """, "\(result)")
        #expect(result.status == 0)
    }

    /// Machine formats should keep a number's full precision (ValueFormatter.plain says so), but doubles are
    /// written with %.10g: the examples' total value 171578335.42 comes out as 171578335.4 (cents lost).
    @Test func machineFormatsKeepFullPrecision() throws {
        let csv = try PipeQProcess.run([PipeQProcess.examples, "--format", "csv", "-c", "deals | sum value"])
        let json = try PipeQProcess.run([PipeQProcess.examples, "--format", "json", "-c", "deals | sum value"])
        #expect(csv.status == 0 && json.status == 0)
        #expect(csv.stdout == "sum_value\n171578335.42\n", "\(csv)")
        #expect(json.stdout == "[\n  {\"sum_value\": 171578335.42}\n]\n", "\(json)")
    }

    @Test func asOfFixesToday() throws {
        let query = "deals | select id, age, stage_age | limit 2; deals where close_date < today | count"
        let november = try PipeQProcess.run([fixture, "--as-of", "2026-11-01", "--format", "csv", "-c", query])
        let december = try PipeQProcess.run([fixture, "--as-of", "2026-12-01", "--format", "csv", "-c", query])
        #expect(november.stdout == "id,age,stage_age\n1,300,270\n2,153,47\ncount\n5\n", "\(november)")
        #expect(december.stdout == "id,age,stage_age\n1,330,300\n2,183,77\ncount\n6\n", "\(december)")
        #expect(november.status == 0 && december.status == 0)
    }

    // MARK: -f

    @Test func scriptWithCommentsContinuationsAndLet() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "review.pq",
            """
            # Weekly pipeline review
            # (comments and blank lines are ignored)

            let big = deals where amount >= 25000   # a named query

            deals where status = "open" |
              sum amount by stage

            big
              | select id, owner, amount
              | sort amount desc
            deals | count   # trailing comment

            """)
        let result = try PipeQProcess.run([fixture, "-f", "review.pq"], in: dir.url)
        #expect(
            result.stdout == """
                 stage          | sum_amount
                ----------------+------------
                 Prospecting    |       null
                 Needs Analysis |     60,000
                 Proposal       |     25,000
                 Negotiation    |     30,000
                (4 rows)

                 id | owner    | amount
                ----+----------+--------
                  8 | Li Wei   | 60,000
                  4 | Li Wei   | 45,000
                  2 | Ana Ruiz | 30,000
                  7 | Ana Ruiz | 25,000
                (4 rows)

                10

                """, "\(result)")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    /// A script's results are set apart, each headed by the comment written directly above its query (not the
    /// script's heading comment, which a blank line separates), so a rep's table and the team's can be told apart.
    /// CSV and JSON stay as the format writes them; -c prints results one after the other.
    @Test func scriptResultsAreHeadedByTheirComments() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "coaching.pq",
            """
            # Coaching: Ana against the team

            let ana = deals where owner = "Ana Ruiz"
            # Ana's deals
            #   (all stages)
            ana | count
            deals where owner != "Ana Ruiz" | count
            .mode markdown
               # The team's total
            deals | sum amount; deals | count

            """)
        let table = try PipeQProcess.run([fixture, "-f", "coaching.pq"], in: dir.url)
        #expect(
            table.stdout == """
                # Ana's deals
                #   (all stages)
                4

                6

                # The team's total
                | sum_amount |
                | ---: |
                | 220,000 |

                | count |
                | ---: |
                | 10 |

                """, "\(table)")
        #expect(table.status == 0)
        let csv = try PipeQProcess.run([fixture, "-f", "coaching.pq", "--format", "csv"], in: dir.url)
        #expect(csv.stdout.hasPrefix("count\n4\ncount\n6\n"), "\(csv)")
        let commands = try PipeQProcess.run([fixture, "-c", "# total\ndeals | count", "-c", "deals | count"])
        #expect(commands.stdout == "10\n10\n", "\(commands)")
    }

    /// --echo (and .echo on) prints each statement before its result, meta-commands and lets included.
    @Test func echoPrintsEachStatement() throws {
        let echoed = try PipeQProcess.run([
            fixture, "--echo", "--format", "csv", "-c", "let n = deals | count", "-c", "n; .mode table", "-c",
            "deals |\n  sum amount",
        ])
        #expect(
            echoed.stdout == "let n = deals | count\nn\ncount\n10\n.mode table\ndeals |\n  sum amount\n220,000\n",
            "\(echoed)")
        let meta = try PipeQProcess.run([
            fixture, "-c", ".echo on", "-c", "deals | count", "-c", ".echo off", "-c", "deals | count",
        ])
        #expect(meta.stdout == "deals | count\n10\n.echo off\n10\n", "\(meta)")
    }

    @Test func scriptErrorOnLine3() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "script.pq",
            """
            deals | count
            deals where status = "won" | sum amount
            deals | avg vaule
            deals | count

            """)
        let result = try PipeQProcess.run([fixture, "-f", "script.pq"], in: dir.url)
        #expect(result.status == 1, "\(result)")
        // Lines 1–2 run, each result after the first set apart by a blank line (as the third's would be), nothing after the error.
        #expect(result.stdout == "10\n\n80,000\n\n", "\(result)")
        #expect(
            result.stderr == """
                script.pq:3:13: \(Self.vauleError)
                3 | deals | avg vaule
                                ^^^^^

                """, "\(result)")
    }

    @Test func missingScriptFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try PipeQProcess.run([fixture, "-f", "nope.pq"], in: dir.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == "error: no such script file: nope.pq\n")
    }

    @Test func directoryAsScript() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(
            at: dir.url.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        let result = try PipeQProcess.run([fixture, "-f", "scripts"], in: dir.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == "error: scripts is a folder, not a script file\n")
    }

    // MARK: standard input

    @Test func pipedQueries() throws {
        let result = try PipeQProcess.run([fixture], stdin: "deals | count\n\ndeals\n  | sum amount\n")
        #expect(result.stdout == "10\n220,000\n", "\(result)")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func pipedQueryError() throws {
        let result = try PipeQProcess.run([fixture], stdin: "deals | count\n\ndeals | avg vaule\ndeals | count\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "10\n")
        #expect(
            result.stderr == """
                <stdin>:3:13: \(Self.vauleError)
                3 | deals | avg vaule
                                ^^^^^

                """, "\(result)")
    }

    @Test func emptyStdinRunsNothing() throws {
        let result = try PipeQProcess.run([fixture])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == "")
    }

    // MARK: usage errors: exit 2

    struct UsageCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usageCases: [UsageCase] = [
        UsageCase(arguments: ["--bogus"], message: "Error: Unknown option '--bogus'"),
        UsageCase(
            arguments: [PipeQProcess.fixture, "-c", "deals | count", "-f", "x.pq"],
            message: "Error: use either -c or -f, not both"),
        UsageCase(
            arguments: [PipeQProcess.fixture, "--as-of", "2026-02-30", "-c", "deals | count"],
            message: "Error: --as-of needs a real date as YYYY-MM-DD, got \"2026-02-30\""),
        UsageCase(
            arguments: [PipeQProcess.fixture, "--format", "xml", "-c", "deals | count"],
            message:
                "Error: The value 'xml' is invalid for '--format <format>'. Please provide one of the following:\n  - table\n  - box\n  - line"
        ),
        UsageCase(
            arguments: [PipeQProcess.fixture, "--max-rows", "0", "-c", "deals | count"],
            message: "Error: --max-rows must be at least 1"),
        UsageCase(
            arguments: ["generate", "--deals", "0", "/nonexistent/pipeq-never-written"],
            message: "Error: --deals must be at least 1"),
    ]

    @Test(arguments: usageCases)
    func usageErrorExits2(_ usage: UsageCase) throws {
        let result = try PipeQProcess.run(usage.arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix(usage.message + "\n"), "\(result)")
        #expect(result.stderr.contains("Usage: "), "\(result)")
    }

    /// The default command is documented as `pipeq` itself (`run` appears nowhere in the help), so its usage
    /// errors point at `pipeq --help`.
    @Test func usageErrorsPointAtPipeqHelp() throws {
        for arguments in [["--bogus"], [PipeQProcess.fixture, "--format", "xml"], ["-c"]] {
            let result = try PipeQProcess.run(arguments)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("See 'pipeq --help' for more information."), "\(result)")
            #expect(!result.stderr.contains("pipeq run"), "\(result)")
        }
    }

    // MARK: data errors: exit 1

    struct DataCase: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [String: String]
        let argument: String
        let stderr: String
        var testDescription: String { name }
    }

    static let dataCases: [DataCase] = [
        DataCase(
            name: "unterminated quote", files: ["bad.csv": "a,b\n1,\"unterminated\n2,3\n"], argument: "bad.csv",
            stderr:
                "bad.csv:2:3: error: unterminated quoted field (opened at line 2, column 3) — a field that starts with \" must end with \"; write a quote inside it as \"\"\n"
        ),
        DataCase(
            name: "ragged row", files: ["ragged.csv": "a,b\n1,2\n3,4,5\n6,7\n"], argument: "ragged.csv",
            stderr: "ragged.csv:3:5: error: row has 3 fields, expected 2 (header has 2 columns)\n"),
        DataCase(
            name: "ragged row in a folder", files: ["data/deals.csv": "id,stage\n1,Won\n2\n"], argument: "data",
            stderr: "data/deals.csv:3:2: error: row has 1 field, expected 2 (header has 2 columns)\n"),
        DataCase(
            name: "missing path", files: [:], argument: "nosuch.csv",
            stderr: "error: no such file or folder: nosuch.csv\n"),
        DataCase(
            name: "folder with no CSVs", files: ["empty/readme.txt": "not data\n"], argument: "empty",
            stderr: "error: no .csv or .xlsx files in folder empty\n"),
    ]

    @Test(arguments: dataCases)
    func dataErrorExits1(_ data: DataCase) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, text) in data.files { try dir.write(name, text) }
        let result = try PipeQProcess.run([data.argument, "-c", "deals | count"], in: dir.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == data.stderr, "\(result)")
    }

    // MARK: --schema, generate, --help

    /// `PIPEQ_RECORD=1` rewrites the golden file from the real output.
    @Test func schemaOfExamples() throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Golden/schema-examples.txt")
        let result = try PipeQProcess.run(["--schema", "examples/"], in: PipeQProcess.repositoryRoot)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        if ProcessInfo.processInfo.environment["PIPEQ_RECORD"] == "1" {
            try Data(result.stdout.utf8).write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.stdout == expected, "--- expected ---\n\(expected)--- actual ---\n\(result.stdout)")
    }

    @Test func generateIsDeterministic() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var outputs: [PipeQProcess.Output] = []
        for name in ["one", "two", "other"] {
            let seed = name == "other" ? "2" : "1"
            let result = try PipeQProcess.run(["generate", "--deals", "200", "--seed", seed, name], in: dir.url)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr == "")
            outputs.append(result)
        }
        #expect(outputs[0].stdout == outputs[1].stdout)
        #expect(outputs[0].stdout.hasPrefix("wrote 200 deals"), "\(outputs[0])")
        let files = ["deals.csv", "history.csv", "quotas.csv", "reps.csv", "revenue.csv", "spend.csv"]
        let listed = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("one").path)
            .sorted()
        #expect(listed == files)
        for file in files {
            let one = try Data(contentsOf: dir.url.appendingPathComponent("one/" + file))
            let two = try Data(contentsOf: dir.url.appendingPathComponent("two/" + file))
            #expect(!one.isEmpty)
            #expect(one == two, "\(file) differs between two runs with the same seed")
        }
        let deals = try String(contentsOf: dir.url.appendingPathComponent("one/deals.csv"), encoding: .utf8)
        #expect(deals.split(separator: "\n").count == 201, "header + 200 deals")
        let otherDeals = try Data(contentsOf: dir.url.appendingPathComponent("other/deals.csv"))
        #expect(otherDeals != Data(deals.utf8), "another seed writes other data")

        // The generated folder loads and answers queries.
        let query = try PipeQProcess.run([
            dir.url.appendingPathComponent("one").path, "--format", "csv", "-c", "deals | count",
        ])
        #expect(query.stdout == "count\n200\n", "\(query)")
    }

    @Test func help() throws {
        let result = try PipeQProcess.run(["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        #expect(result.stdout.contains("USAGE: pipeq"))
        #expect(result.stdout.contains("-c, --command"), "\(result)")
        #expect(result.stdout.contains("-f, --file"), "\(result)")
        #expect(result.stdout.contains("generate"), "\(result)")
        let run = try PipeQProcess.run(["run", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("-c, --command"), "\(run)")
        #expect(run.stdout.contains("-f, --file"), "\(run)")
    }

    @Test func version() throws {
        let result = try PipeQProcess.run(["--version"])
        #expect(result.status == 0)
        // The commit is known when the Makefile wrote it in (make build); a plain swift build says unknown.
        #expect(
            result.stdout.range(
                of: #"^0\.1\.0 \(commit ([0-9a-f]{7,}(-dirty)?|unknown)\)\n$"#, options: .regularExpression) != nil,
            "\(result)")
    }

    /// The harness finds the binary SwiftPM built (see `PipeQProcess.binary`).
    @Test func binaryIsFoundBesideTheTests() throws {
        let binary = try PipeQProcess.binary.get()
        #expect(FileManager.default.isExecutableFile(atPath: binary.path))
        #expect(binary.lastPathComponent == "pipeq")
    }
}

/// Charts leave the terminal as files: `.output FILE.svg` in a script, and `pipeq report`.
@Suite struct ChartFileTests {
    @Test func outputToSVGFileWritesTheChartThenRestoresTheFormat() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("stages.svg").path
        let script = ".output \(svg)\ndeals | count by stage | bar\n.output\ndeals | count\n"
        let result = try PipeQProcess.run([PipeQProcess.examples, "--as-of", "2026-11-01"], stdin: script)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "3,000\n", "\(result)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(text.components(separatedBy: "<title>").count == 8)  // seven stages
    }

    @Test func reportWritesOneSelfContainedPage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("review.html").path
        let script = PipeQProcess.repositoryRoot.appendingPathComponent("examples/weekly-review.pq").path
        let result = try PipeQProcess.run([
            "report", script, "-o", html, PipeQProcess.examples, "--as-of", "2026-11-01",
        ])
        #expect(result.status == 0, "\(result)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("as of <b>2026-11-01</b>"))
        #expect(page.components(separatedBy: "<section>").count == 13)  // twelve queries
        #expect(page.contains("<svg"))
        #expect(!page.contains("<script") && !page.contains("<link") && !page.contains(" src="))
    }

    /// The monthly review (windows, pivot, growth, top per) renders: one section per query, each a table; the
    /// pivot's month columns and total, the growth columns and the window columns are in the page and in the
    /// script's output.
    @Test func monthlyReviewRenders() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("review.html").path
        let script = PipeQProcess.repositoryRoot.appendingPathComponent("examples/review.pq").path
        let result = try PipeQProcess.run([
            "report", script, "-o", html, PipeQProcess.examples, "--as-of", "2026-11-01",
        ])
        #expect(result.status == 0, "\(result)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.components(separatedBy: "<section>").count == 8)  // seven queries
        #expect(page.contains("yoy_pct") && page.contains("running") && page.contains("place"))
        #expect(page.contains("2026-05-01") && page.contains("2026-10-01") && page.contains("Commercial APAC"))

        let run = try PipeQProcess.run(["-f", script, PipeQProcess.examples, "--as-of", "2026-11-01"])
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let pivotHeader = lines.first { $0.hasPrefix(" team ") && $0.contains("| 2026-05-01 |") }
        #expect(
            pivotHeader?.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } == [
                "team", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "total",
            ], "\(run.stdout)")
        #expect(lines.contains { $0.contains("| change_pct |") && $0.contains("| yoy_pct") }, "\(run.stdout)")
        // 2026-10's new pipeline against 2026-09's: 10,626,910.08 / 12,380,843.65 - 1 = -14.2%.
        #expect(lines.contains { $0.hasPrefix(" 2026-10-01 ") && $0.contains("-14.2%") }, "\(run.stdout)")
    }

    @Test func reportStopsAtAnErrorWithItsLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("bad.pq").path
        try "deals | count\n\ndeals | avg vaule\n".write(toFile: script, atomically: true, encoding: .utf8)
        let html = directory.appendingPathComponent("out.html").path
        let result = try PipeQProcess.run(["report", script, "-o", html, PipeQProcess.examples])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.pq:3:13: error: unknown column \"vaule\""), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: html))
    }
}

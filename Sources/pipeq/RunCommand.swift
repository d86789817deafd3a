import ArgumentParser
import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQShell
import PipeQStorage

/// The default command: load data, then run `-c`, `-f`, piped standard input, or the interactive shell.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Ask questions of sales-pipeline CSV exports.",
        usage: "pipeq [DATA …] [-c QUERY | -f SCRIPT] [--format FORMAT] [--as-of DATE] [options]",
        discussion: """
        Loads each CSV given (or every .csv in a given folder) as a table and answers pipe-style queries, e.g.
          pipeq examples/ -c 'deals where status = "open" | sum value by stage'
        With no -c or -f, reads queries from standard input when it is not a terminal, else opens the shell.
        """,
        shouldDisplay: false)

    @Argument(help: "CSV files or folders of CSV files to load.") var data: [String] = []
    @Option(name: .shortAndLong, help: "Run this query (or ;-separated queries) and exit; repeat -c to run several in order (stops at the first that fails).")
    var command: [String] = []
    @Option(name: .shortAndLong, help: "Run the queries in this script file and exit.") var file: String?
    @Option(help: "Output format: table, csv, json, markdown, or svg (for charts).") var format: OutputFormat = .table
    @Option(name: .customLong("as-of"), help: "Fix today's date (YYYY-MM-DD) so results are reproducible.") var asOf: String?
    @Flag(help: "Print each table's columns, types and pipeline roles, then exit.") var schema = false
    @Flag(help: "Print each query's logical plan and the optimized plan that would run, instead of running it.") var explain = false
    @Flag(help: "Print each query and meta-command before its result (as .echo on).") var echo = false
    @Option(help: "History file for the shell (default $XDG_STATE_HOME/pipeq/history; also PIPEQ_HISTORY).") var history: String?
    @Flag(name: .customLong("no-history"), help: "Do not read or write shell history.") var noHistory = false
    @Flag(name: .customLong("no-rc"), help: "Do not run the startup file ($XDG_CONFIG_HOME/pipeq/pipeqrc or ~/.pipeqrc) when the shell opens.")
    var noRc = false
    @Option(name: .customLong("max-rows"), help: "Rows shown before eliding the middle of long results (table format).") var maxRows: Int?
    @Flag(name: .customLong("no-cache"), help: "Always parse the CSV files; do not read or write binary snapshots (see PIPEQ_CACHE).") var noCache = false
    @Flag(name: .customLong("excel-safe"), help: "In CSV output, prefix cells starting with = + - @, a tab or a CR with ' (spreadsheet safety).") var excelSafe = false
    @Option(name: .customLong("date-format"), help: "How the files write dates, strftime-style, e.g. %m/%d/%Y or %d.%m.%Y %H:%M (default: decided per column).")
    var dateFormat: String?
    @Option(help: "The files' decimal separator, . or , (default: decided per column; a comma in ;-delimited files).") var decimal: String?
    @Option(help: "The files' encoding: auto, utf-8, windows-1252 or latin-1 (default auto: UTF-8, else Windows-1252).") var encoding: String?
    @Flag(name: .customLong("store-rejects"),
          help: "Load rows with the wrong number of fields into table rejects (file, line, column, error, row) instead of failing the file.")
    var storeRejects = false

    func validate() throws {
        if !command.isEmpty && file != nil { throw ValidationError("use either -c or -f, not both") }
        if let asOf, CivilTime.parseDate(asOf) == nil {
            throw ValidationError("--as-of needs a real date as YYYY-MM-DD, got \"\(asOf)\"")
        }
        if let maxRows, maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        _ = try loadOptions()
    }

    /// `--date-format`, `--decimal` and `--encoding` as load options (pipeline.toml's [file."NAME.csv"] fills in the rest).
    func loadOptions() throws -> CSVLoader.Options {
        var options = CSVLoader.Options()
        options.storeRejects = storeRejects
        if let dateFormat {
            if case .failure(let problem) = DateFormat.parse(dateFormat) {
                throw ValidationError("--date-format: \(problem.message)" + (problem.hint.map { " (\($0))" } ?? ""))
            }
            options.valueFormat.dateFormat = dateFormat
        }
        if let decimal {
            guard let separator = ValueFormatOptions.decimalSeparator(named: decimal) else {
                throw ValidationError("--decimal must be . or , (got \"\(decimal)\")")
            }
            options.valueFormat.decimal = separator
        }
        if let encoding {
            guard let known = TextEncoding(name: encoding) else {
                let guess = Suggestions.hint(for: encoding, in: TextEncoding.names).map { "; \($0)" } ?? ""
                throw ValidationError("--encoding must be one of \(TextEncoding.names.joined(separator: ", ")) (got \"\(encoding)\"\(guess))")
            }
            options.encoding = known
        }
        return options
    }

    mutating func run() throws {
        let renderer = DiagnosticRenderer(color: false)
        // What killed runs left behind (temporary snapshots and output files) goes first: one folder listing.
        SnapshotCache.standard()?.removeAbandonedTemporaries()
        var loaded = DatasetLoader.Loaded(catalog: Catalog(), notes: [], bytesRead: 0, seconds: 0)
        if !data.isEmpty {
            let options = try loadOptions()  // checked by validate()
            do throws(Diagnostic) {
                loaded = try DatasetLoader.load(paths: data, options: options, cache: noCache ? nil : SnapshotCache.standard())
            } catch {
                writeError(renderer.render(error))
                throw ExitCode(1)
            }
        }
        // Files of a folder that failed: said first. The shell opens with the other tables; scripts and
        // --schema stop with status 1 after saying it (nothing is dropped silently).
        for failure in loaded.failures { writeError(renderer.render(failure)) }
        if !loaded.failures.isEmpty {
            writeError("note: \(loaded.failures.count) file\(loaded.failures.count == 1 ? "" : "s") not loaded; "
                       + "the other tables are: \(loaded.catalog.tableNames.joined(separator: ", "))\n")
        }
        let interactive = command.isEmpty && file == nil && isatty(0) != 0
        if schema {
            StandardStreams.writeOutput(SchemaRenderer.render(loaded.catalog.tables, stages: loaded.catalog.stages, notes: loaded.notes))
            if !loaded.failures.isEmpty { throw ExitCode(1) }
            return
        }
        if !loaded.failures.isEmpty && !interactive && !schema { throw ExitCode(1) }
        let engine = QueryEngine(catalog: loaded.catalog)
        if let day = asOf.flatMap({ CivilTime.parseDate($0) }) {
            // A date before the data's last change shows the pipeline as it stood then (or is refused).
            do throws(Diagnostic) { try engine.setAsOf(day) } catch {
                writeError(renderer.render(error))
                throw ExitCode(1)
            }
        }
        let session = Session(engine: engine, format: format)
        session.maxRows = maxRows
        session.explainOnly = explain
        session.echo = echo
        session.spreadsheetSafe = excelSafe
        session.loadNotes = loaded.notes
        session.loadOptions = (try? loadOptions()) ?? CSVLoader.Options()
        var runner = ScriptRunner(session: session, metaCommand: MetaCommands.scriptHandler(session))

        if !command.isEmpty {
            // One script, one line per -c, so settings (.timer, .output, .format) carry from one to the next.
            if !runner.run(command.joined(separator: "\n"), name: nil) { throw ExitCode(1) }
            return
        }
        if let file {
            let text = try readScript(file)
            runner.separatesResults = true
            if !runner.run(text, name: file) { throw ExitCode(1) }
            return
        }
        if isatty(0) == 0 {
            let input: Data
            do {
                input = Data(try FileDescriptorReader.readAll(0))
            } catch {
                report(Diagnostic(.io, "cannot read standard input: \(error.message)"))
                throw ExitCode(1)
            }
            guard let text = String(data: input, encoding: .utf8) else {
                report(Diagnostic(.io, "standard input is not valid UTF-8 text"))
                throw ExitCode(1)
            }
            if !runner.run(text, name: "<stdin>") { throw ExitCode(1) }
            return
        }
        let options = InteractiveShell.Options(historyPath: noHistory ? nil : HistoryFile.defaultPath(override: history),
                                               loadSeconds: loaded.seconds, version: PipeQVersion.string,
                                               startupFile: noRc ? nil : StartupFile.find())
        let status = InteractiveShell(session: session, options: options).run()
        if status != 0 { throw ExitCode(status) }
    }

    private func readScript(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            report(Diagnostic(.io, "no such script file: \(path)"))
            throw ExitCode(1)
        }
        if isDirectory.boolValue {
            report(Diagnostic(.io, "\(path) is a folder, not a script file"))
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "" : ": permission denied"
            report(Diagnostic(.io, "cannot read script file \(path)\(reason)"))
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Name the first line that isn't UTF-8.
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            let bad = (lines.firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0) + 1
            report(Diagnostic(.io, "the script is not valid UTF-8 text", at: .file(path: path, line: bad, column: 1)))
            throw ExitCode(1)
        }
        return text
    }
}

extension OutputFormat: ExpressibleByArgument {}

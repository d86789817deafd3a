import ArgumentParser
import Foundation
import PipeQCore
import PipeQEngine
import PipeQPostgres
import PipeQRender
import PipeQSQL
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

    @OptionGroup var options: RunOptions

    mutating func run() throws {
        let renderer = DiagnosticRenderer(color: false)
        // What killed runs left behind (temporary snapshots and output files) goes first: one folder listing.
        SnapshotCache.standard()?.removeAbandonedTemporaries()
        var loaded = DatasetLoader.Loaded(catalog: Catalog(), notes: [], bytesRead: 0, seconds: 0)
        let interactive = options.command.isEmpty && options.file == nil && isatty(0) != 0
        var database: PostgresSource?
        if let uri = options.data.first, PostgresTarget.isURI(uri) {
            let start = Date()
            do throws(Diagnostic) {
                let config = try PipelineConfig.named(
                    options.config ?? "pipeline.toml", required: options.config != nil)
                database = try PostgresSource.open(try PostgresTarget.parse(uri), config: config)
            } catch {
                writeError(renderer.render(error))
                throw ExitCode(1)
            }
            loaded = DatasetLoader.Loaded(
                catalog: database!.makeCatalog(), notes: database!.notes, seconds: Date().timeIntervalSince(start))
        } else if !options.data.isEmpty {
            let loadOptions = try options.loadOptions()  // checked by validate()
            let (paths, cache) = (options.data, options.noCache ? nil : SnapshotCache.standard())
            let configPath = options.config
            // Loading for the shell shows its progress on a terminal; scripts and pipes load silently.
            do throws(Diagnostic) {
                loaded = try DatasetLoader.showingProgress(
                    DatasetLoader.showsProgress(interactive: interactive), options: loadOptions
                ) { (options: CSVLoader.Options) throws(Diagnostic) in
                    try DatasetLoader.load(paths: paths, options: options, cache: cache, configPath: configPath)
                }
            } catch {
                writeError(renderer.render(error))
                throw ExitCode(1)
            }
        }
        // Files of a folder that failed: said first. The shell opens with the other tables; scripts and
        // --schema stop with status 1 after saying it (nothing is dropped silently).
        for failure in loaded.failures { writeError(renderer.render(failure)) }
        if !loaded.failures.isEmpty {
            writeError(
                "note: \(loaded.failures.count) file\(loaded.failures.count == 1 ? "" : "s") not loaded; "
                    + "the other tables are: \(loaded.catalog.tableNames.joined(separator: ", "))\n")
        }
        if options.schema {
            StandardStreams.writeOutput(
                SchemaRenderer.render(
                    loaded.catalog.tables, stages: loaded.catalog.stages, notes: loaded.notes,
                    inDatabase: { table in database?.place(of: table) }
                ))
            if !loaded.failures.isEmpty { throw ExitCode(1) }
            return
        }
        if !loaded.failures.isEmpty && !interactive && !options.schema { throw ExitCode(1) }
        let engine = QueryEngine(catalog: loaded.catalog)
        if let day = options.asOf.flatMap({ CivilTime.parseDate($0) }) {
            // A date before the data's last change shows the pipeline as it stood then (or is refused).
            do throws(Diagnostic) { try engine.setAsOf(day) } catch {
                writeError(renderer.render(error))
                throw ExitCode(1)
            }
        }
        let session = Session(engine: engine, format: options.format)
        session.maxRows = options.maxRows
        session.database = database
        session.explainOnly = options.explain
        session.sqlOnly = options.sql ? options.dialect : nil
        session.echo = options.echo
        session.spreadsheetSafe = options.excelSafe
        session.loadNotes = loaded.notes
        session.loadOptions = (try? options.loadOptions()) ?? CSVLoader.Options()
        var runner = ScriptRunner(session: session, metaCommand: MetaCommands.scriptHandler(session))

        if !options.command.isEmpty {
            // One script, one line per -c, so settings (.timer, .output, .format) carry from one to the next.
            if !runner.run(options.command.joined(separator: "\n"), name: nil) { throw ExitCode(1) }
            return
        }
        if let file = options.file {
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
        let shellOptions = InteractiveShell.Options(
            historyPath: options.noHistory ? nil : HistoryFile.defaultPath(override: options.history),
            loadSeconds: loaded.seconds, version: PipeQVersion.number,
            startupFile: options.noRc ? nil : StartupFile.find())
        let status = InteractiveShell(session: session, options: shellOptions).run()
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
extension SQLDialect: ExpressibleByArgument {}

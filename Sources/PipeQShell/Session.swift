import Foundation
import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQPostgres
import PipeQRender
import PipeQSQL
import PipeQStorage

/// One user's session: the engine (tables, lets, as-of), output settings and where results go.
/// Scripts, `-c` and the interactive shell all run statements through it.
public final class Session: @unchecked Sendable {
    public let engine: QueryEngine
    public var format: OutputFormat
    /// Rows shown by the table format before eliding the middle (nil: all).
    public var maxRows: Int?
    public var maxCellWidth: Int?
    /// The screen width tables must fit (middle columns are left out); nil outside the shell.
    public var maxWidth: Int?
    /// When tables are printed as records (`.expanded`, `\x`).
    public var expanded = ExpandedMode.off
    /// When results go through `$PAGER` (`.pager`); only in the shell, with standard output a terminal.
    public var pager = PagerMode.auto
    /// The format to restore when an `.output FILE.svg` is closed.
    public var formatBeforeSVGOutput: OutputFormat?
    /// Print elapsed time after each query.
    public var timer = false
    /// Print each statement before its result (`.echo on`, `--echo`).
    public var echo = false
    /// Colour the line being typed in the shell when colour is on (`.highlight on|off`).
    public var highlightInput = true
    public var color: Bool
    public var spreadsheetSafe = false
    public let output = OutputSink()
    /// Notes from loading (role mapping), for `.schema`.
    public var loadNotes: [String] = []
    /// How `.load` reads files: the command line's --date-format, --decimal, --encoding, --store-rejects.
    public var loadOptions = CSVLoader.Options()
    /// Set by `.quit`: ends the script being run (cleared by it), or the interactive shell.
    public var endRequested = false
    /// True while the interactive shell runs: scripts then leave `.output` open when they end.
    public var isInteractive = false
    /// How many scripts are running inside each other (`-f` running `.read`).
    var scriptDepth = 0

    public init(engine: QueryEngine, format: OutputFormat = .table, color: Bool = false) {
        self.engine = engine
        self.format = format
        self.color = color
        self.chartStyle = ChartStyle.fromEnvironment(color: color)
    }

    /// Width, character set and colour of terminal charts (`COLUMNS`, the locale, and whether colour is on).
    public var chartStyle: ChartStyle

    public var renderer: ResultRenderer {
        // Columns are cut (or rows turned into records) only for a screen: files and pipes get whole tables.
        let screenWidth = output.path == nil && isatty(STDOUT_FILENO) != 0 ? maxWidth : nil
        return ResultRenderer(
            format: format,
            table: TableRenderer(
                maxRows: maxRows, maxCellWidth: maxCellWidth, maxWidth: screenWidth, expanded: expanded),
            spreadsheetSafe: spreadsheetSafe,
            chartStyle: chartStyle)
    }

    /// Writes a statement as it was written (trimmed), where results go, when echo is on.
    func echoStatement(_ text: String) {
        guard echo else { return }
        output.write(PostgresTarget.redacted(text.trimmingWhitespace()) + "\n")
    }

    /// True when results are for reading (table, Markdown): only these get blank lines and comment lines
    /// between them; CSV, JSON and SVG output stays as the format writes it.
    var separatesResults: Bool { format.isForReading }

    /// True when long work draws a progress line (`ProgressLine`): at the interactive prompt, not in a script
    /// (`.read`, the startup file), with standard error a terminal.
    var showsProgress: Bool { ProgressLine.isWanted(interactive: isInteractive && scriptDepth == 0) }

    /// True when results may go through the pager: at the interactive prompt, to a terminal, `.pager` not off.
    var pagesResults: Bool {
        pager != .off && isInteractive && output.path == nil && isatty(STDOUT_FILENO) != 0
    }

    /// `pipeq --explain`: queries print their plans instead of running (`let` still defines its name).
    public var explainOnly = false
    /// `pipeq --sql`: queries print the SQL they compile to in this dialect instead of running.
    public var sqlOnly: SQLDialect?
    /// `pipeq postgresql://…`: the database whose tables are in the catalog; queries over them run in its server.
    public var database: PostgresSource?

    /// For `.schema`: the database table a catalog table stands for (`"public"."deals"`), nil for one in memory.
    public func databaseTablePlace(_ table: Table) -> String? {
        database?.place(of: table)
    }

    /// The SQL a query compiles to in a dialect, over the database's own tables when it has them.
    public func sql(_ text: String, dialect: SQLDialect) throws(Diagnostic) -> SQLStatement {
        guard let database, dialect == .postgres else { return try engine.sql(text, dialect: dialect) }
        _ = try database.runsInServer(engine.optimizedPlan(text))  // what cannot be compiled over its tables
        return try database.sql(text, engine: engine)
    }

    /// The rows the table display shows of a long result, when only those need fetching from the database.
    private func rowCap(_ text: String) -> PostgresSource.RowCap? {
        guard let maxRows, [.table, .box, .line].contains(format),
            (try? engine.optimizedPlan(text).presentation) == nil
        else { return nil }
        return PostgresSource.RowCap(head: (maxRows + 1) / 2, tail: maxRows / 2)
    }

    /// Runs a statement: in the database's server when it reads the database's tables, else in memory.
    private func outcome(of text: String) throws(Diagnostic) -> (StatementOutcome, serverSeconds: Double?) {
        if let database, case .query = try engine.parse(text), try database.runsInServer(engine.optimizedPlan(text)) {
            let (result, seconds) = try database.run(text, engine: engine, cap: rowCap(text))
            return (.rows(result), seconds)
        }
        return (try engine.run(text), nil)
    }

    /// Runs one statement and writes its result; throws its diagnostic.
    public func execute(_ text: String) throws(Diagnostic) {
        if explainOnly, case .query = try engine.parse(text) {
            output.write(try engine.explain(text))
            return
        }
        if let dialect = sqlOnly, case .query = try engine.parse(text) {
            output.write(try sql(text, dialect: dialect).text + ";\n")
            return
        }
        let start = DispatchTime.now()
        // A query running over a second says so on a terminal's standard error, erased before its result.
        let progress = showsProgress ? ProgressLine.query() : nil
        let outcome: StatementOutcome
        let serverSeconds: Double?
        do throws(Diagnostic) {
            (outcome, serverSeconds) = try self.outcome(of: text)
            progress?.stop()
        } catch {
            progress?.stop()
            throw error
        }
        switch outcome {
        case .rows(let result):
            // Rows go out as they are formatted (a chunk at a time), so the first bytes come at once and
            // Ctrl-C stops a long output between chunks.
            var boldHeader =
                color && format == .table && expanded != .on && result.presentation == nil && output.path == nil
                && !(result.rowCount == 1 && result.columnNames.count == 1)
            let pager =
                pagesResults
                ? Pager(screen: TerminalStyle.size(), always: self.pager == .on) { [output] in
                    output.write($0)
                } : nil
            do throws(Diagnostic) {
                try renderer.write(result, cancellation: engine.cancellation) { (chunk: String) throws(Diagnostic) in
                    let text = boldHeader ? TerminalStyle.boldFirstLine(chunk) : chunk
                    boldHeader = false
                    if let pager { try pager.write(text) } else { output.write(text) }
                }
                pager?.finish()
            } catch {
                pager?.finish()
                // `q` or Ctrl-C in the pager: the reader is done with the result.
                if let pager, pager.started, error.isCancellation {
                    InterruptSignal.clear()
                    return
                }
                // Found while drawing: point at the stage that asked for the drawing.
                var located = error
                if case .none = error.location, !error.isCancellation, let span = result.presentationSpan {
                    located.location = .query(span)
                }
                throw located
            }
            if renderer.leavesOutNotes && !result.notes.isEmpty { writeError(renderer.notes(of: result)) }
        case .defined:
            break
        }
        if timer {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            if let serverSeconds {
                writeError(String(format: "time: %.1f ms (server %.1f ms)\n", ms, serverSeconds * 1000))
            } else {
                writeError(String(format: "time: %.1f ms\n", ms))
            }
        }
    }
}

import ArgumentParser
import PipeQCore
import PipeQPostgres
import PipeQRender
import PipeQSQL
import PipeQStorage

/// The default command's arguments and options (`pipeq [DATA …] -c … -f …`): parsed by `RunCommand`, and read by
/// the command-line completion scripts and the man page, so all three list the same ones.
struct RunOptions: ParsableArguments {
    @Argument(
        help:
            "CSV files or folders of CSV files to load, or a PostgreSQL database: postgresql://USER@HOST:PORT/DB[?schema=NAME&sslmode=MODE].",
        completion: .file()) var data: [String] = []
    @Option(
        help:
            "The pipeline.toml to use (stages, roles, fiscal year), instead of the one beside the data (for a database: in the working directory).",
        completion: .file()) var config: String?
    @Option(
        name: .shortAndLong,
        help:
            "Run this query (or ;-separated queries) and exit; repeat -c to run several in order (stops at the first that fails)."
    )
    var command: [String] = []
    @Option(name: .shortAndLong, help: "Run the queries in this script file and exit.", completion: .file()) var file:
        String?
    @Option(
        help:
            "Output format: table, box (a table with lines), line (one field per line), csv, json, markdown, or svg (for charts)."
    ) var format: OutputFormat = .table
    @Option(name: .customLong("as-of"), help: "Fix today's date (YYYY-MM-DD) so results are reproducible.") var asOf:
        String?
    @Flag(help: "Print each table's columns, types and pipeline roles, then exit.") var schema = false
    @Flag(help: "Print each query's logical plan and the optimized plan that would run, instead of running it.")
    var explain = false
    @Flag(help: "Print the SQL each query compiles to (in the --dialect) instead of running it.") var sql = false
    @Option(help: "The SQL dialect of --sql and .sql: postgres, duckdb or sqlite.") var dialect: SQLDialect = .postgres
    @Flag(help: "Print each query and meta-command before its result (as .echo on).") var echo = false
    @Option(
        help: "History file for the shell (default $XDG_STATE_HOME/pipeq/history; also PIPEQ_HISTORY).",
        completion: .file()) var history: String?
    @Flag(name: .customLong("no-history"), help: "Do not read or write shell history.") var noHistory = false
    @Flag(
        name: .customLong("no-rc"),
        help: "Do not run the startup file ($XDG_CONFIG_HOME/pipeq/pipeqrc or ~/.pipeqrc) when the shell opens.")
    var noRc = false
    @Option(name: .customLong("max-rows"), help: "Rows shown before eliding the middle of long results (table format).")
    var maxRows: Int?
    @Flag(
        name: .customLong("no-cache"),
        help: "Always parse the CSV files; do not read or write binary snapshots (see PIPEQ_CACHE).") var noCache =
        false
    @Flag(
        name: .customLong("excel-safe"),
        help: "In CSV output, prefix cells starting with = + - @, a tab or a CR with ' (spreadsheet safety).")
    var excelSafe = false
    @Option(
        name: .customLong("date-format"),
        help:
            "How the files write dates, strftime-style, e.g. %m/%d/%Y or %d.%m.%Y %H:%M (default: decided per column).")
    var dateFormat: String?
    @Option(help: "The files' decimal separator, . or , (default: decided per column; a comma in ;-delimited files).")
    var decimal: String?
    @Option(help: "The files' encoding: auto, utf-8, windows-1252 or latin-1 (default auto: UTF-8, else Windows-1252).")
    var encoding: String?
    @Flag(
        name: .customLong("store-rejects"),
        help:
            "Load rows with the wrong number of fields into table rejects (file, line, column, error, row) instead of failing the file."
    )
    var storeRejects = false

    func validate() throws {
        if !command.isEmpty && file != nil { throw ValidationError("use either -c or -f, not both") }
        if sql && explain { throw ValidationError("use either --sql or --explain, not both") }
        if let asOf, CivilTime.parseDate(asOf) == nil {
            throw ValidationError("--as-of needs a real date as YYYY-MM-DD, got \"\(asOf)\"")
        }
        if let maxRows, maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        if data.contains(where: PostgresTarget.isURI) && data.count > 1 {
            throw ValidationError("give one database URI on its own, or files and folders (.load adds others)")
        }
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
                throw ValidationError(
                    "--encoding must be one of \(TextEncoding.names.joined(separator: ", ")) (got \"\(encoding)\"\(guess))"
                )
            }
            options.encoding = known
        }
        return options
    }
}

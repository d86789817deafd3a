import Foundation
import PipeQCore

/// The contents of a dataset's `pipeline.toml`: stage definitions and role overrides.
///
/// ```toml
/// fiscal_year_start = 4    # the month fiscal years start in (1–12 or "April"); default 1
/// [[stage]]
/// name = "Prospecting"
/// probability = 0.10
/// rotting_days = 21
/// [[stage]]
/// name = "Closed Won"
/// outcome = "won"          # open (default) | won | lost
/// probability = 1.0
///
/// [roles]                  # table.role = "actual column name"
/// "deals.rep" = "sales_agent"
/// [tables]                 # table role = "table name"
/// deals = "sales_pipeline"
///
/// [quota]
/// period = "quarter"       # how long one quota lasts: month | quarter | year (reps.quota default: year)
///
/// [economics]
/// margin = 0.7             # gross margin rate of revenue, for payback and ltv (default 1)
///
/// [file."deals.csv"]       # how one file (by its name, in this folder) writes its text
/// date_format = "%d/%m/%Y" # strftime-style, see DateFormat; times after the date are read too
/// decimal = ","            # "." or ","
/// encoding = "windows-1252" # auto (default) | utf-8 | windows-1252 | latin-1
/// ```
/// Options given on the command line (`--date-format`, `--decimal`, `--encoding`) win over a file's table.
public struct PipelineConfig: Sendable {
    /// The `[[stage]]` list in file order, or nil when the file defines none.
    public var stages: StageDefinitions?
    /// `[roles]`: the column playing `role` in `table` (a table name or a table role name).
    public var roleOverrides: [(table: String, role: ColumnRole, column: String)]
    /// `[tables]`: which table plays each role.
    public var tableRoles: [TableRole: String]
    /// `[file."NAME.csv"]`: per-file formats, by file name as written.
    public var files: [String: FileFormat] = [:]
    /// `fiscal_year_start`: the month (1–12) fiscal years start in, for `fiscal_quarter` and `fiscal_year`.
    public var fiscalYearStart: Int = 1
    /// `[quota] period`: how long one quota lasts; nil when not set.
    public var quotaPeriod: QuotaPeriodLength?
    /// `[economics] margin`: the gross margin rate (0–1) of revenue, for payback and ltv; nil when not set.
    public var margin: Double?

    /// A configuration; the empty one means "guess everything".
    public init(
        stages: StageDefinitions? = nil,
        roleOverrides: [(table: String, role: ColumnRole, column: String)] = [],
        tableRoles: [TableRole: String] = [:]
    ) {
        self.stages = stages
        self.roleOverrides = roleOverrides
        self.tableRoles = tableRoles
    }

    /// The keys a `[[stage]]` may have.
    public static let stageKeys = ["name", "outcome", "probability", "rotting_days", "forecast_category"]
    /// The keys allowed outside any table.
    public static let rootKeys = ["fiscal_year_start"]
    /// The tables a file may have.
    public static let tableNames = ["stage", "roles", "tables", "quota", "economics", "file"]

    /// The `[file."NAME.csv"]` settings for the CSV at `path`: its file name exactly, else ignoring letter case.
    public func fileFormat(forCSV path: String) -> FileFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let exact = files[name] { return exact }
        return files.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// Parses and validates `pipeline.toml` text; `path` is used in diagnostics and as the stages' origin.
    public static func parse(_ text: String, path: String) throws(Diagnostic) -> PipelineConfig {
        var parser = TOMLParser(path: path)
        let document = try parser.parse(text)
        return try PipelineConfigReader(path: path).read(document)
    }

    /// Reads the file at `path`; nil when it does not exist.
    public static func load(path: String) throws(Diagnostic) -> PipelineConfig? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(.io, "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(.config, "\(path) is not valid UTF-8", at: .file(path: path, line: 1, column: 1))
        }
        return try parse(text, path: path)
    }

    /// A config file named on the command line (`--config`, which must exist), or looked for (may be absent).
    public static func named(_ path: String, required: Bool = true) throws(Diagnostic) -> PipelineConfig? {
        guard let config = try load(path: path) else {
            if required { throw Diagnostic(.io, "no such config file: \(path)") }
            return nil
        }
        return config
    }
}

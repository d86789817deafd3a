import Foundation
import PipeQCore

/// The contents of a dataset's `pipeline.toml`: stage definitions and role overrides.
///
/// ```toml
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
/// ```
public struct PipelineConfig: Sendable {
    /// The `[[stage]]` list in file order, or nil when the file defines none.
    public var stages: StageDefinitions?
    /// `[roles]`: the column playing `role` in `table` (a table name or a table role name).
    public var roleOverrides: [(table: String, role: ColumnRole, column: String)]
    /// `[tables]`: which table plays each role.
    public var tableRoles: [TableRole: String]

    /// A configuration; the empty one means "guess everything".
    public init(stages: StageDefinitions? = nil,
                roleOverrides: [(table: String, role: ColumnRole, column: String)] = [],
                tableRoles: [TableRole: String] = [:]) {
        self.stages = stages
        self.roleOverrides = roleOverrides
        self.tableRoles = tableRoles
    }

    /// The keys a `[[stage]]` may have.
    public static let stageKeys = ["name", "outcome", "probability", "rotting_days"]
    /// The tables a file may have.
    public static let tableNames = ["stage", "roles", "tables"]

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
}

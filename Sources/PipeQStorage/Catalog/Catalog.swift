/// The loaded dataset: tables by name, the stage definitions in force, and where it came from.
public final class Catalog: @unchecked Sendable {
    /// Tables in load order.
    public private(set) var tables: [Table] = []
    public var stages: StageDefinitions
    /// A short name for the dataset shown in the prompt and reports (the folder name).
    public var datasetName: String?

    public init(tables: [Table] = [], stages: StageDefinitions = .empty, datasetName: String? = nil) {
        self.tables = tables
        self.stages = stages
        self.datasetName = datasetName
    }

    public func table(named name: String) -> Table? { tables.first { $0.name == name } }

    /// The table playing a role (deals, history, reps), if any.
    public func table(role: TableRole) -> Table? { tables.first { $0.role == role } }

    /// Adds a table, replacing one of the same name.
    public func add(_ table: Table) {
        if let i = tables.firstIndex(where: { $0.name == table.name }) {
            tables[i] = table
        } else {
            tables.append(table)
        }
    }

    public var tableNames: [String] { tables.map(\.name) }
}

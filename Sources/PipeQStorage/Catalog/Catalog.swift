/// The loaded dataset: tables by name, the stage definitions in force, and where it came from.
public final class Catalog: @unchecked Sendable {
    /// Tables in load order.
    public private(set) var tables: [Table] = []
    public var stages: StageDefinitions
    /// A short name for the dataset shown in the prompt and reports (the folder name).
    public var datasetName: String?
    /// The month (1–12) fiscal years start in: pipeline.toml's `fiscal_year_start`, else January.
    public var fiscalYearStart: Int
    /// pipeline.toml's `[quota] period`: how long one quota lasts; nil when not set.
    public var quotaPeriod: QuotaPeriodLength?
    /// pipeline.toml's `[economics] margin`: the gross margin rate of revenue; nil when not set (100 %).
    public var margin: Double?

    public init(
        tables: [Table] = [], stages: StageDefinitions = .empty, datasetName: String? = nil, fiscalYearStart: Int = 1,
        quotaPeriod: QuotaPeriodLength? = nil, margin: Double? = nil
    ) {
        self.margin = margin
        self.tables = tables
        self.stages = stages
        self.datasetName = datasetName
        self.fiscalYearStart = fiscalYearStart
        self.quotaPeriod = quotaPeriod
    }

    /// A table by its name (the file's), else by the role it plays: `deals`, `history`, `reps` reach the
    /// recognised tables whatever their files were called (`sales_pipeline`, `opportunity_history`).
    public func table(named name: String) -> Table? {
        if let table = tables.first(where: { $0.name == name }) { return table }
        return TableRole(rawValue: name).flatMap { table(role: $0) }
    }

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

    /// Every name a query may use as a source: the table names, then the role names that reach a table.
    public var sourceNames: [String] {
        var names = tableNames
        for role in TableRole.allCases where !names.contains(role.rawValue) && table(role: role) != nil {
            names.append(role.rawValue)
        }
        return names
    }

    /// Takes another catalog's tables, stages and name in place of this one's (`.load` of a new dataset).
    public func replace(with other: Catalog) {
        tables = other.tables
        stages = other.stages
        datasetName = other.datasetName
        fiscalYearStart = other.fiscalYearStart
        quotaPeriod = other.quotaPeriod
        margin = other.margin
    }
}

import PipeQCore
import PipeQStorage

/// The leaf of a plan: a catalog table's rows, optionally as they stood at the end of a past day, optionally
/// narrowed by a predicate the optimizer pushed into it.
public struct TableScan: Sendable {
    public var table: Table
    /// `deals asof DATE` (or `.asof` a past date): the deals and history tables rebuilt as of that day.
    public var asOf: AsOfRead?
    /// Rows kept as the scan reads them (a filter the optimizer pushed down), bound against the table.
    public var filter: BoundExpr?

    public init(table: Table, asOf: AsOfRead? = nil, filter: BoundExpr? = nil) {
        self.table = table
        self.asOf = asOf
        self.filter = filter
    }
}

/// What an as-of scan needs to rebuild its table: the day, and the catalog holding the deals and their history.
public struct AsOfRead: Sendable {
    public var day: Int32
    public var catalog: Catalog
    /// The `asof` clause (or the source name, for `.asof`), for errors while rebuilding.
    public var span: SourceSpan

    /// Whether the pipeline as of a day replaces this table (only deals and history change; reps stay).
    public static func rebuilds(_ table: Table) -> Bool {
        table.role == .deals || table.role == .history
    }
}

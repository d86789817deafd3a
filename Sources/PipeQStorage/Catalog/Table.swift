/// A column's names and role within its table.
public struct ColumnInfo: Sendable {
    /// The normalised snake_case name queries use.
    public var name: String
    /// The header exactly as the file had it, for display.
    public var header: String
    /// The pipeline role, when recognised; the column is then also reachable by the role's canonical name.
    public var role: ColumnRole?
    /// True for columns pipeq added (e.g. `status` inferred from stage names).
    public var isSynthesised: Bool
    /// Why a column most of whose values are numbers or dates is text (`text because row 17 holds "n/a"`),
    /// set by `ColumnRetyper`; error messages about text columns show it as their hint.
    public var textReason: String?
    /// For a datetime column: whether its values were written with a time zone (converted to UTC) or without.
    public var timeZone: TimestampZone = .none
    /// For a text column whose values encode more than text (the `sparkline` aggregate's monthly counts): how
    /// renderers read them. Nil for plain values.
    public var encoding: CellEncoding?
    /// True when a null here means "nothing to show" rather than an unknown value (a pivot's empty cells): tables
    /// leave it blank; CSV and JSON write null as always.
    public var blankNulls = false

    public init(
        name: String, header: String? = nil, role: ColumnRole? = nil, isSynthesised: Bool = false,
        textReason: String? = nil
    ) {
        self.name = name
        self.header = header ?? name
        self.role = role
        self.isSynthesised = isSynthesised
        self.textReason = textReason
    }
}

/// A named column of a table.
public struct Field: Sendable {
    public var info: ColumnInfo
    public var column: Column

    public init(_ info: ColumnInfo, _ column: Column) {
        self.info = info
        self.column = column
    }

    public var name: String { info.name }
    public var type: DataType { column.type }
}

/// Equal-length columns with names. Immutable: operators pass selections and build new tables.
public final class Table: Sendable {
    public let name: String
    public let fields: [Field]
    public let rowCount: Int
    /// The file the table came from, if any.
    public let sourcePath: String?
    /// The pipeline role the table plays, if recognised.
    public let role: TableRole?
    /// Columns computed from others (age, stage_age, cycle) that queries may use.
    public let derived: [DerivedColumn]
    private let lookup: [String: Int]

    public init(
        name: String, fields: [Field], sourcePath: String? = nil, role: TableRole? = nil, derived: [DerivedColumn] = []
    ) {
        self.name = name
        self.fields = fields
        self.rowCount = fields.first?.column.count ?? 0
        self.sourcePath = sourcePath
        self.role = role
        self.derived = derived
        var lookup: [String: Int] = [:]
        for (i, f) in fields.enumerated() where lookup[f.name] == nil { lookup[f.name] = i }
        // Canonical role names reach the column too, unless a real column already has that name.
        for (i, f) in fields.enumerated() {
            if let role = f.info.role, lookup[role.canonicalName] == nil { lookup[role.canonicalName] = i }
        }
        self.lookup = lookup
        precondition(fields.allSatisfy { $0.column.count == rowCount }, "columns of unequal length in table \(name)")
    }

    /// The field index for a name or a canonical role name.
    public func fieldIndex(named name: String) -> Int? { lookup[name] }

    public func field(named name: String) -> Field? { lookup[name].map { fields[$0] } }

    /// The field index playing a role, if any.
    public func fieldIndex(role: ColumnRole) -> Int? {
        fields.firstIndex { $0.info.role == role }
    }

    /// Every name a query may use for a column of this table (real names, role names, derived names).
    public var allColumnNames: [String] {
        var names = fields.map(\.name)
        for f in fields { if let r = f.info.role, !names.contains(r.canonicalName) { names.append(r.canonicalName) } }
        for d in derived where !names.contains(d.name) { names.append(d.name) }
        return names
    }

    public func renamed(_ newName: String, role: TableRole?? = nil) -> Table {
        Table(name: newName, fields: fields, sourcePath: sourcePath, role: role ?? self.role, derived: derived)
    }

    /// Approximate bytes held by the table's columns.
    public var byteSize: Int { fields.reduce(0) { $0 + $1.column.byteSize } }
}

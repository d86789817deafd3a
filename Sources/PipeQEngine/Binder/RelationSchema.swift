import PipeQStorage

/// The shape of a relation at one point of a pipeline, known at bind time.
public struct RelationSchema: Sendable {
    public struct FieldInfo: Sendable {
        public var name: String
        public var type: DataType
        public var info: ColumnInfo

        public init(name: String, type: DataType, info: ColumnInfo) {
            self.name = name
            self.type = type
            self.info = info
        }
    }

    public var fields: [FieldInfo]
    /// Computed columns still reachable (cleared once a stage reshapes rows).
    public var derived: [DerivedColumn]
    /// The table role of the source while rows are still deals/history/reps rows.
    public var role: TableRole?

    public init(fields: [FieldInfo], derived: [DerivedColumn] = [], role: TableRole? = nil) {
        self.fields = fields
        self.derived = derived
        self.role = role
    }

    public init(table: Table) {
        self.fields = table.fields.map { FieldInfo(name: $0.name, type: $0.type, info: $0.info) }
        self.derived = table.derived
        self.role = table.role
    }

    /// The field index for a name: an exact name first, then a canonical role name.
    public func index(of name: String) -> Int? {
        if let i = fields.firstIndex(where: { $0.name == name }) { return i }
        return fields.firstIndex { $0.info.role?.canonicalName == name }
    }

    /// Adds a column an `extend` or a window computes: in place of the one of its name, else after the others.
    public mutating func put(_ field: FieldInfo) {
        if let i = fields.firstIndex(where: { $0.name == field.name }) {
            fields[i] = field
        } else {
            fields.append(field)
        }
    }

    public func index(role: ColumnRole) -> Int? { fields.firstIndex { $0.info.role == role } }

    /// The field playing a role when it has one of these types; nil when no field plays it or it has another type.
    public func index(role: ColumnRole, types: [DataType]) -> Int? {
        index(role: role).flatMap { types.contains(fields[$0].type) ? $0 : nil }
    }

    /// Every name a query may use here, for suggestions and completion.
    public var allNames: [String] {
        var names = fields.map(\.name)
        for f in fields { if let r = f.info.role?.canonicalName, !names.contains(r) { names.append(r) } }
        for d in derived where !names.contains(d.name) { names.append(d.name) }
        return names
    }

    /// A schema of plain fields, after a reshaping stage.
    public static func plain(_ fields: [(String, DataType)]) -> RelationSchema {
        RelationSchema(fields: fields.map { FieldInfo(name: $0.0, type: $0.1, info: ColumnInfo(name: $0.0)) })
    }
}

import PipeQStorage

/// Positions into a base column, shared by every field that came from the same table.
public final class RowIndex: Sendable {
    public let rows: [Int32]
    public init(_ rows: [Int32]) { self.rows = rows }
}

/// A column of a relation: base column data plus an optional row index (late materialisation:
/// filtering and sorting rewrite the index, never copy the data).
public struct RelationField: Sendable {
    public var name: String
    public var info: ColumnInfo
    public var column: Column
    /// Row `i` of the relation is row `index.rows[i]` of `column`; nil means row `i` is row `i`.
    public var index: RowIndex?

    public init(name: String, info: ColumnInfo, column: Column, index: RowIndex? = nil) {
        self.name = name
        self.info = info
        self.column = column
        self.index = index
    }

    public var type: DataType { column.type }

    /// The column with the index applied (a gather when there is one).
    public func materialized() -> Column {
        guard let index else { return column }
        return column.gathered(index.rows)
    }

    /// The value at relation row `row`, boxed (rendering only).
    public func value(at row: Int) -> Scalar {
        column.value(at: index.map { Int($0.rows[row]) } ?? row)
    }
}

/// The rows flowing between plan steps: equal-length fields, each possibly indexed into its base column.
public struct Relation: Sendable {
    public var fields: [RelationField]
    public var count: Int

    public init(fields: [RelationField], count: Int) {
        self.fields = fields
        self.count = count
    }

    public init(table: Table) {
        self.fields = table.fields.map { RelationField(name: $0.name, info: $0.info, column: $0.column) }
        self.count = table.rowCount
    }

    public func field(named name: String) -> RelationField? { fields.first { $0.name == name } }

    /// Adds a column an `extend` or a window computed: in place of the one of its name, else after the others.
    mutating func put(_ field: RelationField) {
        if let i = fields.firstIndex(where: { $0.name == field.name }) {
            fields[i] = field
        } else {
            fields.append(field)
        }
    }

    /// The relation restricted (or reordered) to the given positions. Index vectors are composed once per
    /// distinct base index, so fields from one table keep sharing one index.
    public func reindexed(_ positions: [Int32]) -> Relation {
        if positions.count == count, isIdentity(positions) { return self }
        var composed: [ObjectIdentifier: RowIndex] = [:]
        let direct = RowIndex(positions)
        let out = fields.map { field -> RelationField in
            var f = field
            if let index = field.index {
                let key = ObjectIdentifier(index)
                if let done = composed[key] {
                    f.index = done
                } else {
                    let rows = positions.withUnsafeBufferPointer { Column.gather(index.rows, $0) }
                    let made = RowIndex(rows)
                    composed[key] = made
                    f.index = made
                }
            } else {
                f.index = direct
            }
            return f
        }
        return Relation(fields: out, count: positions.count)
    }

    /// A relation whose fields are plain, unindexed columns (for results that outlive their inputs).
    public func materialized() -> Relation {
        Relation(
            fields: fields.map { RelationField(name: $0.name, info: $0.info, column: $0.materialized()) }, count: count)
    }

    private func isIdentity(_ positions: [Int32]) -> Bool {
        positions.withUnsafeBufferPointer { p in
            for i in 0..<p.count where p[i] != Int32(i) { return false }
            return true
        }
    }
}

import PipeQCore
import PipeQStorage

/// `pivot COLUMN [values VALUE] [with totals]`: one row per distinct combination of the other columns (the
/// keys, in ascending key order as grouping gives them), one column per distinct value of COLUMN (ascending,
/// stages in pipeline order, a null value last as a column named "null"; quarters named as tables show them,
/// `2026-Q3`), each cell the VALUE of the input row
/// with those keys and that value, null where there is none. `with totals` adds a `total` column (the row's
/// cells added up) and a last row whose first key is "total" (each column's cells added up); nulls are skipped,
/// and a total of only nulls is null.
///
/// The value columns are the data's values, so the node's schema, known without reading rows, is the key
/// columns only: the cell columns and `total` are determined when it runs (explain says so). Later stages can
/// use the keys; a SQL backend has to read COLUMN's distinct values first (one query) to write the columns out.
public struct PivotNode: Sendable {
    /// Input fields, by index: the row keys, the column whose values become columns, the cells' values.
    public var keys: [Int]
    public var column: Int
    public var value: Int
    public var totals: Bool
    /// The input's fields, for naming and typing the output.
    public var inputFields: [RelationSchema.FieldInfo]
    /// The `pivot …` stage, for errors found while running (two rows for one cell).
    public var span: SourceSpan

    /// The key columns: what is known before the data is read.
    public var schema: RelationSchema {
        RelationSchema(fields: keys.map { inputFields[$0] })
    }

    func explanation(_ names: [String]) -> String {
        "Pivot " + BoundExprText.quotedName(names[column]) + " values " + BoundExprText.quotedName(names[value])
            + (totals ? " with totals" : "")
            + " (then one \(inputFields[value].type.displayName) column per distinct \(names[column])\(totals ? ", and total" : ""): known when it runs)"
    }

    func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let keyColumns = keys.map { input.fields[$0].materialized().withDistinctStrings }
        let rows =
            keys.isEmpty
            ? Groups.single(rowCount: input.count)
            : try Groups.build(keys: keyColumns, rowCount: input.count, cancellation: context.cancellation)
        let pivotColumn = input.fields[column].materialized().withDistinctStrings
        let columns = try Groups.build(keys: [pivotColumn], rowCount: input.count, cancellation: context.cancellation)
        try context.checkCancelled()
        let rowCount = input.count == 0 ? 0 : rows.count
        // The input row of each cell (row group × column group), -1 for none.
        var cell = [Int32](repeating: -1, count: rowCount * columns.count)
        for i in 0..<input.count {
            if context.cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
            let c = Int(rows.ids[i]) * columns.count + Int(columns.ids[i])
            guard cell[c] < 0 else {
                let names = keys.map { input.fields[$0].name + " " + Self.name(input.fields[$0].value(at: i)) }
                throw Diagnostic(
                    .execute,
                    "pivot found two rows for one cell: "
                        + (names + [input.fields[column].name + " " + Self.name(pivotColumn.value(at: i))])
                        .joined(separator: ", "),
                    span: span,
                    hint: "summarise first so each cell has one row, e.g. \"count by rep, stage | pivot stage\"")
            }
            cell[c] = Int32(i)
        }
        var fields: [RelationField] = []
        for (k, key) in keys.enumerated() {
            fields.append(
                RelationField(
                    name: inputFields[key].name, info: inputFields[key].info,
                    column: keyColumns[k].gathered(Array(rows.representatives.prefix(rowCount)))))
        }
        let values = input.fields[value].materialized()
        var taken = Set(fields.map(\.name))
        var cellColumns: [Column] = []
        for c in 0..<columns.count where input.count > 0 {
            let positions = (0..<rowCount).map { cell[$0 * columns.count + c] }
            let gathered = values.gathered(positions.map { max(0, $0) })
            let missing = NullBitmap.from(count: rowCount) { positions[$0] < 0 }
            let column = Column(gathered.values, nulls: NullBitmap.union(gathered.nulls, missing, count: rowCount))
            cellColumns.append(column)
            let label = Self.name(
                pivotColumn.value(at: Int(columns.representatives[c])), encoding: inputFields[self.column].info.encoding
            )
            let name = UniqueName.make(label, taken: taken)
            taken.insert(name)
            var info = ColumnInfo(name: name)
            info.blankNulls = true
            fields.append(RelationField(name: name, info: info, column: column))
        }
        guard totals else { return Relation(fields: fields, count: rowCount) }
        return PivotTotals(keyCount: keys.count, valueType: values.type).adding(
            to: fields, cells: cellColumns, rowCount: rowCount, taken: taken)
    }

    /// The cell columns `run` makes, in its order: each distinct value of the pivoted column (ascending, stages in
    /// pipeline order, null last) and the column's name. What a SQL backend reads first to write the columns out.
    public func cellColumns(of input: Relation, context: ExecutionContext) throws(Diagnostic) -> [(
        value: Scalar, name: String
    )] {
        guard input.count > 0 else { return [] }
        let pivotColumn = input.fields[column].materialized().withDistinctStrings
        let columns = try Groups.build(keys: [pivotColumn], rowCount: input.count, cancellation: context.cancellation)
        try context.checkCancelled()
        return cellColumns(values: (0..<columns.count).map { pivotColumn.value(at: Int(columns.representatives[$0])) })
    }

    /// The cell columns for the pivoted column's distinct values, given in `run`'s order (a SQL backend reading
    /// them from its database): each value and its column's name.
    public func cellColumns(values: [Scalar]) -> [(value: Scalar, name: String)] {
        var taken = Set(keys.map { inputFields[$0].name })
        return values.map { value in
            let name = UniqueName.make(Self.name(value, encoding: inputFields[column].info.encoding), taken: taken)
            taken.insert(name)
            return (value, name)
        }
    }

    /// A cell column's name from a value of the pivoted column: a quarter as tables show it (`2026-Q3`, or
    /// `FY2027-Q1` for a fiscal quarter), else as `name(_:)` writes it.
    static func name(_ value: Scalar, encoding: CellEncoding?) -> String {
        if case .quarter(let firstMonth)? = encoding, case .date(let d) = value {
            return FiscalCalendar(startMonth: firstMonth).quarterLabel(days: Int(d))
        }
        return name(value)
    }

    /// A column's name from a value: as CSV writes it, "null" for null.
    static func name(_ value: Scalar) -> String {
        switch value {
        case .null: return "null"
        case .string(let s): return s
        case .date(let d): return CivilTime.formatDate(Int(d))
        case .timestamp(let t): return CivilTime.formatTimestamp(t)
        case .int(let v), .duration(let v): return String(v)
        case .double(let v): return v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

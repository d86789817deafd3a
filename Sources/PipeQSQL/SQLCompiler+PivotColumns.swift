import PipeQCore
import PipeQEngine
import PipeQStorage

extension SQLCompiler {
    /// The most cell columns a compiled pivot makes in the dialect, nil for no limit. Each cell takes two columns
    /// of the grouping step (its value and its row count), and PostgreSQL allows 1,664 columns in a row, SQLite
    /// 2,000: a statement past 800 cells would fail there, so it is refused first (as DuckDB's PIVOT refuses past
    /// its `pivot_limit`). DuckDB itself takes any number.
    var pivotColumnLimit: Int? { dialect == .duckdb ? nil : 800 }

    /// A pivot's cell columns, in the engine's order and with its names: from `columnValues` when the statement
    /// is for a database (the distinct values of the pivot's input, asked of the server), else from
    /// `pivotColumns` (read in memory). `below` is the pivot's input, already compiled.
    mutating func pivotCells(_ input: LogicalPlan, _ node: PivotNode, below: Step) throws(Diagnostic) -> [(
        value: Scalar, name: String
    )] {
        let cells: [(value: Scalar, name: String)]
        if let columnValues {
            let field = input.schema.fields[node.column]
            let values = try columnValues(distinctValues(of: node.column, below: below, field: field), field.type)
            cells = node.cellColumns(values: values)
        } else if let pivotColumns {
            cells = try pivotColumns(input, node)
        } else {
            throw SQLUnsupported.error("pivot", span: node.span, dialect: dialect)
        }
        if let limit = pivotColumnLimit, cells.count > limit {
            let name = input.schema.fields[node.column].name
            throw Diagnostic(
                .execute,
                "pivot \(name) would make more than \(limit) columns, too many for one "
                    + "\(dialect.displayName) statement",
                span: node.span,
                hint: "keep fewer values of \(name) (filter first), or pivot in memory (without --sql, or after .load)")
        }
        return cells
    }

    /// A statement reading the distinct values of one column of a step, as text (`CAST(… AS TEXT)`), in the order
    /// the engine's pivot gives its columns: ascending, a domain order's values first in that order, null last;
    /// at most one more than the limit, if any (enough to tell that there are too many).
    func distinctValues(of column: Int, below: Step, field: RelationSchema.FieldInfo) throws(Diagnostic) -> String {
        let value = q("v")
        let compiler = SQLExpressionCompiler(
            dialect: dialect, columns: [value], orders: [below.orders[column]],
            scalar: { (_) throws(Diagnostic) in "NULL" }, finder: finder)
        let order = try compiler.sortKeys(.column(0, field.type)).map { "\($0) ASC NULLS LAST" }
        let limit = pivotColumnLimit.map { " LIMIT \($0 + 1)" } ?? ""
        return withSteps(
            "SELECT CAST(\(value) AS TEXT) FROM (SELECT DISTINCT \(q(field.name)) AS \(value) FROM \(q(below.name))) d"
                + " ORDER BY \(order.joined(separator: ", "))\(limit)")
    }
}

import PipeQStorage

/// How a catalog table is reached in the database: its (quoted, possibly schema-qualified) name, the database's
/// column behind each of the table's fields, and the column that keeps the rows in their file order, when there is
/// one (tables pipeq itself loaded have it; a database's own tables have no order).
public struct SQLTableSource: Sendable {
    public var name: String
    public var columns: [String]
    public var orderColumn: String?

    public init(name: String, columns: [String], orderColumn: String?) {
        self.name = name
        self.columns = columns
        self.orderColumn = orderColumn
    }

    /// The table as `SQLTableWriter` creates it: the same name and column names, and `__row` for the file order.
    public static func loaded(_ table: Table, dialect: SQLDialect) -> SQLTableSource {
        SQLTableSource(
            name: dialect.identifier(table.name), columns: table.fields.map { dialect.identifier($0.name) },
            orderColumn: dialect.identifier(SQLTableWriter.orderColumn))
    }
}

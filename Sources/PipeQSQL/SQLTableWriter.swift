import PipeQStorage

/// Writes a catalog table as SQL that creates and fills it (`CREATE TABLE` then multi-row `INSERT`s), with a
/// `__row` column numbering the rows in file order, so a compiled query over it sees the rows as pipeq does. For
/// tests and small copies; a database source loads with its own bulk protocol.
public enum SQLTableWriter {
    /// The column that keeps the file's row order.
    public static let orderColumn = "__row"

    /// The statements, `;`-terminated, `rowsPerInsert` rows to an INSERT.
    public static func script(_ table: Table, dialect: SQLDialect, rowsPerInsert: Int = 500) -> String {
        "CREATE TABLE \(dialect.identifier(table.name)) \(columnList(table, dialect: dialect));\n"
            + inserts(table, dialect: dialect, rowsPerInsert: rowsPerInsert)
    }

    /// The parenthesised column definitions of the table's `CREATE TABLE`, `__row` first; a table created
    /// otherwise (partitioned, or on another server) with these columns is filled by `inserts`.
    public static func columnList(_ table: Table, dialect: SQLDialect) -> String {
        let columns = table.fields.map { "\(dialect.identifier($0.name)) \(dialect.typeName($0.type))" }
        return "(\(dialect.identifier(orderColumn)) BIGINT, \(columns.joined(separator: ", ")))"
    }

    /// The `INSERT` statements that fill the table, `;`-terminated.
    public static func inserts(_ table: Table, dialect: SQLDialect, rowsPerInsert: Int = 500) -> String {
        let name = dialect.identifier(table.name)
        var out = ""
        var start = 0
        while start < table.rowCount {
            let end = min(start + rowsPerInsert, table.rowCount)
            out += "INSERT INTO \(name) VALUES\n"
            for row in start..<end {
                let cells = table.fields.map { dialect.literal($0.column.value(at: row), $0.type) }
                out += "(\(row), " + cells.joined(separator: ", ") + (row == end - 1 ? ");\n" : "),\n")
            }
            start = end
        }
        return out
    }
}

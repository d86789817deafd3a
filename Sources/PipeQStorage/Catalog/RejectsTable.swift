/// The rows left out of the loaded files (`--store-rejects`), as a table of their own: `file`, `line`, `column`,
/// `error`, `row` (the row's text), so that nothing is dropped silently and each can be fixed at its line.
struct RejectsTable {
    private var files: [String] = []
    private var rows: [CSVLoader.RejectedRow] = []

    mutating func add(_ rejected: [CSVLoader.RejectedRow], file: String) {
        for row in rejected {
            files.append(file)
            rows.append(row)
        }
    }

    /// The table, or nil when no row was left out.
    func table(named name: String) -> Table? {
        guard !rows.isEmpty else { return nil }
        let fields = [
            Field(ColumnInfo(name: "file"), ImportColumns.strings(files)),
            Field(ColumnInfo(name: "line"), Column(.int(rows.map { Int64($0.line) }))),
            Field(ColumnInfo(name: "column"), Column(.int(rows.map { Int64($0.column) }))),
            Field(ColumnInfo(name: "error"), ImportColumns.strings(rows.map(\.error))),
            Field(ColumnInfo(name: "row"), ImportColumns.strings(rows.map(\.text))),
        ]
        return Table(name: name, fields: fields)
    }
}

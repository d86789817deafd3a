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
        func strings(_ values: [String]) -> Column {
            var builder = StringDictionaryBuilder()
            let codes = values.map { builder.code(for: $0) }
            let dictionary = builder.build()
            return Column(.string(DictionaryCodes(codes, dictionaryCount: dictionary.count), dictionary))
        }
        let fields = [
            Field(ColumnInfo(name: "file"), strings(files)),
            Field(ColumnInfo(name: "line"), Column(.int(rows.map { Int64($0.line) }))),
            Field(ColumnInfo(name: "column"), Column(.int(rows.map { Int64($0.column) }))),
            Field(ColumnInfo(name: "error"), strings(rows.map(\.error))),
            Field(ColumnInfo(name: "row"), strings(rows.map(\.text))),
        ]
        return Table(name: name, fields: fields)
    }
}

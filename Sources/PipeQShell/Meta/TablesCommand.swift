import PipeQCore

extension MetaCommand {
    /// `.tables`: each table's name, rows and role.
    static let tables = MetaCommand(name: ".tables", usage: ".tables", summary: "list tables with their rows and roles")
    { (call: MetaInvocation) throws(Diagnostic) in
        let catalog = call.session.engine.catalog
        guard !catalog.tables.isEmpty else {
            call.write("no tables loaded — use .load PATH\n")
            return
        }
        var rows: [[String]] = [["table", "rows", "role"]]
        for table in catalog.tables {
            rows.append([table.name, TextGrid.count(table.rowCount), table.role?.rawValue ?? ""])
        }
        call.write(TextGrid.render(rows))
    }
}

import PipeQCore
import PipeQRender

extension MetaCommand {
    /// `.schema [table]`: columns, types and roles (with stage definitions and load notes for all tables).
    static let schema = MetaCommand(
        name: ".schema", usage: ".schema [TABLE]", summary: "show columns, types and pipeline roles",
        argument: .table
    ) { (call: MetaInvocation) throws(Diagnostic) in
        let catalog = call.session.engine.catalog
        if let name = call.arguments.first {
            guard let table = catalog.table(named: name) else {
                throw Diagnostic(
                    .usage, "no table \"\(name)\"",
                    hint: Suggestions.hint(for: name, in: catalog.sourceNames)
                        ?? (catalog.tables.isEmpty
                            ? "no tables are loaded" : "tables: " + catalog.sourceNames.joined(separator: ", ")))
            }
            let notes = call.session.loadNotes.filter { $0.hasPrefix(name + ":") }
            call.write(SchemaRenderer.render([table], notes: notes, inDatabase: call.session.databaseTablePlace))
            return
        }
        guard !catalog.tables.isEmpty else {
            call.write("no tables loaded — use .load PATH\n")
            return
        }
        call.write(
            SchemaRenderer.render(
                catalog.tables, stages: catalog.stages, notes: call.session.loadNotes,
                inDatabase: call.session.databaseTablePlace))
    }
}

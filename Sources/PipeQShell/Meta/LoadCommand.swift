import Foundation
import PipeQCore
import PipeQPostgres
import PipeQRender
import PipeQStorage

extension MetaCommand {
    /// `.load PATH`: a new dataset (a CSV file or a folder) in place of the current one, stage definitions,
    /// roles and notes included. `.load PATH as NAME`: tables added beside the current dataset, named NAME (one
    /// file) or NAME_TABLE (a folder); they take no role the dataset already has.
    static let load = MetaCommand(
        name: ".load", usage: ".load PATH [as NAME]",
        summary:
            "open a dataset in place of this one; with \"as NAME\", add its tables beside it; a database table: copy it into memory",
        argument: .path
    ) { (call: MetaInvocation) throws(Diagnostic) in
        let args = call.arguments
        guard args.count == 1 || (args.count == 3 && args[1].lowercased() == "as") else { throw call.usageError() }
        let path = (args[0] as NSString).expandingTildeInPath
        if PostgresTarget.isURI(args[0])
            || (call.session.database?.liveTable(named: args[0]) != nil
                && !FileManager.default.fileExists(atPath: path))
        {
            return try copyDatabaseTable(call)
        }
        let loaded = try DatasetLoader.showingProgress(call.session.showsProgress, options: call.session.loadOptions) {
            (options: CSVLoader.Options) throws(Diagnostic) in try DatasetLoader.load(paths: [path], options: options)
        }
        let session = call.session
        for failure in loaded.failures {
            call.note(DiagnosticRenderer().render(failure).trimmingCharacters(in: .newlines))
        }
        let catalog = session.engine.catalog
        guard args.count == 3 else {
            if let clash = loaded.catalog.tables.first(where: { session.engine.lets[$0.name] != nil }) {
                throw Diagnostic(
                    .usage, "\"\(clash.name)\" is already a let name", hint: "load it with .load PATH as OTHER_NAME")
            }
            catalog.replace(with: loaded.catalog)
            session.loadNotes = loaded.notes
            session.engine.datasetChanged()
            let parts = loaded.catalog.tables.map { "\($0.name) (\(TextGrid.count($0.rowCount)) rows)" }
            call.note(
                "opened " + parts.joined(separator: ", ") + String(format: " in %.0f ms", loaded.seconds * 1000)
                    + "; stages: \(loaded.catalog.stages.origin)")
            return
        }
        let name = args[2]
        guard name.first.map({ $0.isLetter || $0 == "_" }) == true,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else {
            throw Diagnostic(.usage, "table name \"\(name)\" must be letters, digits and _ (starting with a letter)")
        }
        let single = loaded.catalog.tables.count == 1
        var notes = loaded.notes
        var tables: [Table] = []
        for table in loaded.catalog.tables {
            let newName = single ? name : "\(name)_\(table.name)"
            notes = notes.map {
                $0.hasPrefix(table.name + ":") || $0.hasPrefix(table.name + ".")
                    ? newName + $0.dropFirst(table.name.count) : $0
            }
            // A role the dataset already has stays with its table: the new one is plain data beside it.
            let role = table.role.flatMap { catalog.table(role: $0) == nil ? $0 : nil }
            if let taken = table.role, role == nil {
                notes.append(
                    "\(newName): looks like a \(taken.rawValue) table, but \(catalog.table(role: taken)!.name) already is one; added as a plain table"
                )
            }
            tables.append(table.renamed(newName, role: .some(role)))
        }
        if let clash = tables.first(where: { session.engine.lets[$0.name] != nil }) {
            throw Diagnostic(
                .usage, "\"\(clash.name)\" is already a let name", hint: "load it with .load PATH as OTHER_NAME")
        }
        var parts: [String] = []
        for table in tables {
            let replaced = catalog.tables.contains { $0.name == table.name }
            catalog.add(table)
            parts.append("\(table.name) (\(TextGrid.count(table.rowCount)) rows\(replaced ? ", replaced" : ""))")
        }
        if catalog.stages.stages.isEmpty { catalog.stages = loaded.catalog.stages }
        session.loadNotes += notes
        session.engine.datasetChanged()
        call.note("loaded " + parts.joined(separator: ", ") + String(format: " in %.0f ms", loaded.seconds * 1000))
    }
}

extension MetaCommand {
    /// `.load TABLE` (a table of the database the shell is over) or `.load postgresql://…/DB/TABLE`: the table's
    /// rows copied into memory under its name (or `as NAME`), so queries on it run in memory.
    fileprivate static func copyDatabaseTable(_ call: MetaInvocation) throws(Diagnostic) {
        let args = call.arguments
        let session = call.session
        let start = Date()
        var source: PostgresSource
        var name = args[0]
        if PostgresTarget.isURI(args[0]) {
            let target = try PostgresTarget.parse(args[0])
            guard let table = target.table else {
                throw Diagnostic(.usage, ".load of a database names one table: postgresql://USER@HOST:PORT/DB/TABLE")
            }
            name = table
            if let current = session.database, current.target.host == target.host,
                current.target.port == target.port, current.target.database == target.database,
                current.target.user == target.user, current.target.schema == target.schema
            {
                source = current
            } else {
                source = try PostgresSource.open(target, config: nil)
            }
        } else {
            source = session.database!
        }
        guard let live = source.liveTable(named: name) else {
            let known = source.catalog.tableNames
            throw Diagnostic(
                .usage, "database \(source.target.database) has no table or view \"\(name)\"",
                hint: Suggestions.hint(for: name, in: known) ?? "its tables: " + known.joined(separator: ", "))
        }
        var table = try source.copy(live, cancellation: session.engine.cancellation)
        let catalog = session.engine.catalog
        if args.count == 3 {
            let role = table.role.flatMap { catalog.table(role: $0) == nil ? $0 : nil }
            table = table.renamed(args[2], role: .some(role))
        } else if source !== session.database, let role = table.role, catalog.table(role: role) != nil,
            catalog.table(role: role)?.name != table.name
        {
            table = table.renamed(table.name, role: .some(nil))
        }
        if let clash = session.engine.lets[table.name] {
            throw Diagnostic(
                .usage, "\"\(clash.name)\" is already a let name", hint: "load it with .load TABLE as OTHER_NAME")
        }
        catalog.add(table)
        session.engine.datasetChanged()
        call.note(
            "copied \(table.name) (\(TextGrid.count(table.rowCount)) rows) from \(source.target.database)"
                + String(format: " in %.0f ms", Date().timeIntervalSince(start) * 1000)
                + "; queries on it run in memory")
    }
}

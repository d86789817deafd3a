import Foundation
import PipeQCore
import PipeQStorage

extension MetaCommand {
    /// `.load PATH [as NAME]`: a CSV file or a folder of them, added to the catalog.
    static let load = MetaCommand(name: ".load", usage: ".load PATH [as NAME]", summary: "load a CSV file or a folder of CSV files",
                                  argument: .path) { (call: MetaInvocation) throws(Diagnostic) in
        let args = call.arguments
        guard args.count == 1 || (args.count == 3 && args[1].lowercased() == "as") else { throw call.usageError() }
        let path = (args[0] as NSString).expandingTildeInPath
        var loaded = try DatasetLoader.load(paths: [path])
        let catalog = call.session.engine.catalog
        var tables = loaded.catalog.tables
        if args.count == 3 {
            guard tables.count == 1 else {
                throw Diagnostic(.usage, "\"as NAME\" needs a single CSV file; \(args[0]) holds \(tables.count) tables")
            }
            let name = args[2]
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw Diagnostic(.usage, "table name \"\(name)\" must be letters, digits and _ (starting with a letter)")
            }
            tables = [tables[0].renamed(name)]
            loaded.notes = loaded.notes.map { $0.hasPrefix(loaded.catalog.tables[0].name + ":") ? name + $0.drop { $0 != ":" } : $0 }
        }
        if let clash = tables.first(where: { call.session.engine.lets[$0.name] != nil }) {
            throw Diagnostic(.usage, "\"\(clash.name)\" is already a let name", hint: "load it with .load PATH as OTHER_NAME")
        }
        var parts: [String] = []
        for table in tables {
            let replaced = catalog.table(named: table.name) != nil
            catalog.add(table)
            parts.append("\(table.name) (\(TextGrid.count(table.rowCount)) rows\(replaced ? ", replaced" : ""))")
        }
        if catalog.stages.stages.isEmpty { catalog.stages = loaded.catalog.stages }
        if catalog.datasetName == nil { catalog.datasetName = loaded.catalog.datasetName }
        call.session.loadNotes += loaded.notes
        call.note("loaded " + parts.joined(separator: ", ") + String(format: " in %.0f ms", loaded.seconds * 1000))
    }
}

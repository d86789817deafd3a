import Foundation
import PipeQCore

@testable import PipeQStorage

/// A fixture under Fixtures/locale/.
func localeFixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/locale/\(name)", withExtension: nil) else {
        throw Diagnostic(.io, "no fixture \(name)")
    }
    return url.path
}

/// Loads a file the way `pipeq PATH` does (pipeline.toml beside it, retyping), without the snapshot cache,
/// returning the table and the notes loading gave.
func loadTyped(_ path: String, options: CSVLoader.Options = .init()) throws -> (table: Table, notes: [String]) {
    var notes: [String] = []
    let table = try DatasetLoader.loadTable(path, options: options, cache: nil) { notes.append($0) }
    return (table, notes)
}

/// CSV text loaded and retyped, as table `t` from `t.csv`.
func retyped(_ text: String, options: CSVLoader.Options = .init()) throws -> (table: Table, notes: [String]) {
    let loaded = try CSVLoader.loadWithNotes(bytes: Array(text.utf8), path: "t.csv", tableName: "t", options: options)
    let (table, notes) = ColumnRetyper.retype(loaded.table, options: loaded.valueFormat)
    return (table, loaded.notes + notes)
}

/// Every cell of one column, rendered (nil for null).
func columnCells(_ table: Table, _ column: String) -> [String?] {
    (0..<table.rowCount).map { cell(table, column, $0) }
}

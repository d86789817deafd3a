import PipeQStorage

/// The line printed when the shell starts:
/// `pipeq 0.1.0 — tables: deals (3,000 rows), history (11,533), reps (60) loaded in 12 ms — .help for help`.
public enum WelcomeLine {
    /// The welcome line for the loaded catalog, ending in a newline.
    /// `database`: the shell is over a database (`postgresql://…`), whose tables hold no rows in memory.
    public static func text(version: String, catalog: Catalog, loadSeconds: Double, database: String? = nil) -> String {
        var line = "pipeq \(version) — "
        if let database {
            line +=
                "database \(database): " + catalog.tableNames.joined(separator: ", ")
                + " (queries run in the server; .load TABLE copies one into memory)"
        } else if catalog.tables.isEmpty {
            line += "no tables loaded (.load PATH to load CSV files)"
        } else {
            let parts = catalog.tables.enumerated().map { i, table in
                "\(table.name) (\(TextGrid.count(table.rowCount))\(i == 0 ? " rows" : ""))"
            }
            line += "tables: " + parts.joined(separator: ", ") + " loaded in \(Int((loadSeconds * 1000).rounded())) ms"
        }
        return line + " — .help for help\n"
    }
}

import PipeQStorage

/// `--schema` and `.schema`: each table with its rows, role and columns (type, role, original header).
/// Text from the data is shown with control characters escaped (`TerminalEscaper`).
public enum SchemaRenderer {
    /// `inDatabase`: where a table that stands for a database's table is (its rows are not in memory to count).
    public static func render(
        _ tables: [Table], stages: StageDefinitions? = nil, notes: [String] = [],
        inDatabase: (Table) -> String? = { _ in nil }
    ) -> String {
        var out = ""
        for table in tables {
            var title = "\(table.name): \(formatCount(table.rowCount)) row\(table.rowCount == 1 ? "" : "s")"
            if let place = inDatabase(table) { title = "\(table.name): in the database, \(place)" }
            if let role = table.role { title += ", \(role.rawValue) table" }
            if let path = table.sourcePath { title += ", from \(path)" }
            out += TerminalEscaper.escape(title) + "\n"
            var rows: [[String]] = [["column", "type", "role", "notes"]]
            for field in table.fields {
                var note: [String] = []
                if field.info.header != field.name { note.append("header \"\(field.info.header)\"") }
                if field.info.isSynthesised { note.append("added by pipeq") }
                if field.type == .timestamp { note.append(field.info.timeZone.schemaNote) }
                let nulls = field.column.nullCount
                if nulls > 0 { note.append("\(formatCount(nulls)) null") }
                rows.append([
                    field.name, field.type.displayName, field.info.role?.canonicalName ?? "",
                    note.joined(separator: ", "),
                ])
            }
            for derived in table.derived {
                rows.append([derived.name, "duration", "derived", derived.explanation])
            }
            out += grid(rows)
            out += "\n"
        }
        if let stages, !stages.stages.isEmpty {
            out += "stages (\(stages.origin)):\n"
            var rows: [[String]] = [["#", "stage", "outcome", "probability", "rotting"]]
            for (i, s) in stages.stages.enumerated() {
                rows.append([
                    String(i + 1), s.name, s.outcome.rawValue,
                    s.probability.map { String(Int(($0 * 100).rounded())) + "%" } ?? "",
                    s.rottingDays.map { "\($0)d" } ?? "",
                ])
            }
            out += grid(rows) + "\n"
        }
        if !notes.isEmpty {
            out += "notes:\n" + notes.map { "  - " + TerminalEscaper.escape($0) }.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func grid(_ rawRows: [[String]]) -> String {
        // Names, headers and stage names come from the data: cut first, then escaped.
        let rows = rawRows.map { $0.map { TerminalEscaper.escape(cut($0)) } }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            var line =
                "  "
                + row.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - cell.count) }
                .joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// Cells (a column named by a 20 MB header) cut to `TableRenderer.longestCell` characters before
    /// they are measured and padded.
    static func cut(_ text: String) -> String {
        let limit = TableRenderer.longestCell
        guard text.utf8.count > limit else { return text }
        let head = text.prefix(limit + 1)
        return head.endIndex < text.endIndex ? String(head.prefix(limit - 1)) + "…" : text
    }

    static func formatCount(_ n: Int) -> String { ValueFormatter.human(.int(Int64(n))) }
}

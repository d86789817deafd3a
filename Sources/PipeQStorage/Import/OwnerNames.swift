/// Turns owner ids into names: a deals table whose rep column holds user ids (Salesforce's OwnerId,
/// Pipedrive's user_id) beside a users table (`id` and `name`) gets the names in their place, so that
/// `winrate by rep` reads "Priya Natarajan", not "0055g00000XyZaBAAV".
enum OwnerNames: ExportAdapter {
    static let maximumUsers = 100_000

    static func adapt(_ state: inout ImportState) {
        for t in state.tables.indices {
            let table = state.tables[t]
            guard table.role == nil || table.role == .deals, TableClassifier.isDealsTable(table) else { continue }
            let roles = ColumnRoleMatcher.match(table, as: .deals, overrides: []).roles
            guard let r = roles.firstIndex(of: .rep) else { continue }
            let ids = TextCodes(table.fields[r].column)
            let wanted = Set(ids.strings)
            for users in state.tables where users !== table {
                guard let lookup = nameLookup(users) else { continue }
                let found = wanted.filter { lookup[$0] != nil }.count
                // Most owners must be users of that table, else it is some other id → name list.
                guard found > 0, found * 10 >= wanted.count * 9 else { continue }
                var fields = table.fields
                fields[r].column = ImportColumns.strings(
                    (0..<table.rowCount).map { ids.text($0).map { lookup[$0] ?? $0 } })
                state.tables[t] = Table(
                    name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role,
                    derived: table.derived)
                var note = "\(table.name).\(fields[r].name): owner ids replaced by names from \(users.name)"
                if found < wanted.count {
                    note += " (\(wanted.count - found) ids not in \(users.name) kept as they are)"
                }
                state.notes.append(note)
                break
            }
        }
    }

    /// id → name from a users table: an `id` column and a `name` (or `full_name`) column, ids distinct.
    static func nameLookup(_ table: Table) -> [String: String]? {
        // A users table is small; a large table with id and name columns is some other list (the deals themselves).
        guard table.rowCount <= maximumUsers else { return nil }
        let columnNames = table.fields.map { RoleSynonyms.normalise($0.name) }
        guard let i = columnNames.firstIndex(of: "id"),
            let n = columnNames.firstIndex(where: { ["name", "full_name", "user_name"].contains($0) }),
            table.fields[n].type == .string
        else { return nil }
        let ids = TextCodes(table.fields[i].column)
        let names = TextCodes(table.fields[n].column)
        var lookup: [String: String] = [:]
        for row in 0..<table.rowCount {
            if let id = ids.text(row), let name = names.text(row) { lookup[id] = name }
        }
        return lookup.isEmpty ? nil : lookup
    }
}

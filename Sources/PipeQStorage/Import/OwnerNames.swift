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
            guard let r = roles.firstIndex(of: .rep), let ids = texts(table.fields[r].column) else { continue }
            let wanted = Set(ids.dictionary)
            for users in state.tables where users !== table {
                guard let lookup = nameLookup(users) else { continue }
                let found = wanted.filter { lookup[$0] != nil }.count
                // Most owners must be users of that table, else it is some other id → name list.
                guard found > 0, found * 10 >= wanted.count * 9 else { continue }
                var builder = StringDictionaryBuilder()
                let map = ids.dictionary.map { builder.code(for: lookup[$0] ?? $0) }
                let names = builder.build()
                var fields = table.fields
                fields[r].column = Column(.string(DictionaryCodes(ids.codes.map { map[Int($0)] }, dictionaryCount: names.count), names),
                                          nulls: table.fields[r].column.nulls)
                state.tables[t] = Table(name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role,
                                        derived: table.derived)
                var note = "\(table.name).\(fields[r].name): owner ids replaced by names from \(users.name)"
                if found < wanted.count { note += " (\(wanted.count - found) ids not in \(users.name) kept as they are)" }
                state.notes.append(note)
                break
            }
        }
    }

    /// A column's values as text: a dictionary of distinct strings and a code per row.
    static func texts(_ column: Column) -> (codes: [UInt32], dictionary: [String])? {
        switch column.values {
        case .string:
            guard let (codes, dictionary) = column.values.distinctStrings else { return nil }
            return (codes.widened, dictionary.values)
        case .int(let values):
            var builder = StringDictionaryBuilder()
            let codes = values.map { builder.code(for: String($0)) }
            return (codes, builder.values)
        default: return nil
        }
    }

    /// id → name from a users table: an `id` column and a `name` (or `full_name`) column, ids distinct.
    static func nameLookup(_ table: Table) -> [String: String]? {
        // A users table is small; a large table with id and name columns is some other list (the deals themselves).
        guard table.rowCount <= maximumUsers else { return nil }
        let names = table.fields.map { RoleSynonyms.normalise($0.name) }
        guard let i = names.firstIndex(of: "id"), let n = names.firstIndex(where: { ["name", "full_name", "user_name"].contains($0) }),
              table.fields[n].type == .string, let ids = texts(table.fields[i].column),
              case .string(let nameCodes, let nameDictionary) = table.fields[n].column.values else { return nil }
        var lookup: [String: String] = [:]
        for row in 0..<table.rowCount where !table.fields[i].column.isNull(row) && !table.fields[n].column.isNull(row) {
            lookup[ids.dictionary[Int(ids.codes[row])]] = nameDictionary.string(Int(nameCodes[row]))
        }
        return lookup.isEmpty ? nil : lookup
    }
}

/// Assigns column roles within one table: config overrides first, then names from `RoleSynonyms`
/// checked against the column's type.
struct ColumnRoleMatcher {
    /// Role per field index (nil = no role), and notes about overrides that could not be applied.
    static func match(
        _ table: Table, as kind: TableRole,
        overrides: [(role: ColumnRole, column: String)]
    ) -> (roles: [ColumnRole?], notes: [String]) {
        var roles = [ColumnRole?](repeating: nil, count: table.fields.count)
        var notes: [String] = []
        var taken = Set<ColumnRole>()
        for override in overrides {
            guard let index = fieldIndex(in: table, named: override.column) else {
                notes.append(
                    "pipeline.toml: \(table.name) has no column \"\(override.column)\" for role \(override.role.rawValue)"
                )
                continue
            }
            let field = table.fields[index]
            if !RoleSynonyms.accepts(override.role, field.type) {
                notes.append(
                    "pipeline.toml: \(table.name).\(field.name) is \(field.type.displayName), but role \(override.role.rawValue) needs \(RoleSynonyms.requirement(override.role)); used anyway"
                )
            }
            if let old = roles.firstIndex(where: { $0 == override.role }) { roles[old] = nil }
            roles[index] = override.role
            taken.insert(override.role)
        }
        let normalised = table.fields.map { RoleSynonyms.normalise($0.info.name) }
        for role in RoleSynonyms.roles(for: kind) where !taken.contains(role) {
            search: for synonym in RoleSynonyms.names(for: role, in: kind) {
                for (i, name) in normalised.enumerated() where name == synonym && roles[i] == nil {
                    guard RoleSynonyms.accepts(role, table.fields[i].type) else { continue }
                    roles[i] = role
                    taken.insert(role)
                    break search
                }
            }
        }
        return (roles, notes)
    }

    /// A column by its normalised name, its header, or their normalised forms.
    static func fieldIndex(in table: Table, named name: String) -> Int? {
        if let i = table.fields.firstIndex(where: { $0.info.name == name || $0.info.header == name }) { return i }
        let wanted = RoleSynonyms.normalise(name)
        return table.fields.firstIndex {
            RoleSynonyms.normalise($0.info.name) == wanted || RoleSynonyms.normalise($0.info.header) == wanted
        }
    }

    /// Whether some column could play `role` in a table of kind `kind`.
    static func has(_ role: ColumnRole, in table: Table, as kind: TableRole) -> Bool {
        let names = Set(RoleSynonyms.names(for: role, in: kind))
        return table.fields.contains {
            names.contains(RoleSynonyms.normalise($0.info.name)) && RoleSynonyms.accepts(role, $0.type)
        }
    }
}

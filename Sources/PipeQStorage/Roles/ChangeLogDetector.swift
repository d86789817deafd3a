/// Recognises tables that look like pipeline data but must not be taken as one: field-change logs
/// (Pipedrive's `deal_changes`) and id → name lookups (`stages`), and explains what they would need.
enum ChangeLogDetector {
    static let fieldKeyNames: Set<String> = [
        "changed_field_key", "field_key", "changed_field", "field", "field_name", "attribute", "property",
    ]
    static let newValueNames: Set<String> = ["new_value", "to_value", "value_new", "new"]

    /// deal id + a time + which field changed + its new value.
    static func isChangeLog(_ t: Table) -> Bool {
        let names = Set(t.fields.map { RoleSynonyms.normalise($0.name) })
        return !names.isDisjoint(with: fieldKeyNames) && !names.isDisjoint(with: newValueNames)
            && ColumnRoleMatcher.has(.dealId, in: t, as: .history) && t.fields.contains { $0.type.isTemporal }
    }

    static func note(for table: Table, allTables: [Table]) -> String? {
        if isChangeLog(table) {
            let key = table.fields.first { fieldKeyNames.contains(RoleSynonyms.normalise($0.name)) }!.name
            let value = table.fields.first { newValueNames.contains(RoleSynonyms.normalise($0.name)) }!.name
            // Tables an export adapter derived from this log carry its source path (Import/PipedriveChangeLog).
            let derived = allTables.filter { $0 !== table && $0.sourcePath != nil && $0.sourcePath == table.sourcePath }
            if !derived.isEmpty {
                return "\(table.name): a field-change log (one row per changed field: \(key), \(value)), pivoted into "
                    + derived.map(\.name).joined(separator: " and ") + "; the log itself is left as a plain table"
            }
            var text =
                "\(table.name): a field-change log (one row per changed field: \(key), \(value)), not a stage history. "
                + "A history table would need the rows where \(key) is the stage field (e.g. stage_id), with \(value) "
                + "turned into stage names"
            if let lookup = allTables.first(where: isStageLookup) { text += " via \(lookup.name)" }
            text +=
                ", and the deals' current state rebuilt from the latest change per field; pipeq does not pivot change logs, so it is left as a plain table"
            return text
        }
        if isStageLookup(table) {
            return "\(table.name): a stage id → name lookup, not a deals table"
        }
        return nil
    }

    /// Two or three columns: a stage id and a stage name.
    static func isStageLookup(_ t: Table) -> Bool {
        let names = t.fields.map { RoleSynonyms.normalise($0.name) }
        return names.count <= 3 && names.contains("stage_id")
            && (names.contains("stage_name") || names.contains("name"))
    }
}

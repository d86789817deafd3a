import Foundation

/// The id → name tables a Pipedrive export comes with: a stages table (`stage_id, stage_name`, or Pipedrive's
/// own `id, name, order_nr, pipeline_id`), a users table (`id, name`), and a fields table whose
/// `FIELD_VALUE_OPTIONS` JSON lists each option field's `{"id", "label"}` pairs.
struct PipedriveLookups {
    /// Stage id (as text) → name from the stages table.
    var stageNames: [String: String] = [:]
    var stages: PipedriveStageTable?
    /// User id (as text) → name.
    var userNames: [String: String] = [:]
    var usersTable: Table?
    /// Field key → option id (as text) → label, in the JSON's order.
    var options: [String: [(id: String, label: String)]] = [:]
    var fieldsTable: Table?

    init(_ tables: [Table]) {
        if let stages = PipedriveStageTable.find(in: tables) {
            self.stages = stages
            for stage in stages.rows where stageNames[stage.id] == nil { stageNames[stage.id] = stage.name }
        }
        if let users = tables.first(where: Self.isUsersTable) {
            usersTable = users
            let ids = TextCodes.cells(users.fields[Self.index(users, "id")!].column)
            let names = TextCodes.cells(users.fields[Self.index(users, "name")!].column)
            for (id, name) in zip(ids, names) { if let id, let name, userNames[id] == nil { userNames[id] = name } }
        }
        if let fields = tables.first(where: { Self.optionColumns($0) != nil }),
            let (key, json) = Self.optionColumns(fields)
        {
            fieldsTable = fields
            for (k, text) in zip(
                TextCodes.cells(fields.fields[key].column), TextCodes.cells(fields.fields[json].column))
            {
                guard let k, let text, let parsed = Self.parseOptions(text), !parsed.isEmpty else { continue }
                options[k] = parsed
            }
        }
    }

    /// Label of option `id` of field `key` from the fields table's JSON.
    func option(_ key: String, _ id: String) -> String? {
        options[key]?.first { $0.id == id }?.label
    }

    /// A stage id's name: the stages table wins, the fields table's options fill its gaps.
    func stageName(_ id: String, key: String) -> String? {
        stageNames[id] ?? option(key, id)
    }

    /// Ids whose stages-table name and fields-table label differ (only in letter case, or more), as note text.
    func stageNameConflicts(key: String) -> [String] {
        guard let list = options[key] else { return [] }
        return list.compactMap { option in
            guard let name = stageNames[option.id], name != option.label else { return nil }
            return "id \(option.id): \"\(name)\" vs \"\(option.label)\""
        }
    }

    /// A table named for users (users, user, owners) with `id` and `name` columns.
    static func isUsersTable(_ t: Table) -> Bool {
        ["users", "user", "owners", "persons_users"].contains(t.name.lowercased()) && index(t, "id") != nil
            && index(t, "name") != nil
    }

    /// The field key and options JSON columns of a fields table (`FIELD_KEY`, `FIELD_VALUE_OPTIONS`).
    static func optionColumns(_ t: Table) -> (key: Int, json: Int)? {
        guard let key = index(t, "field_key") ?? index(t, "key"),
            let json = index(t, "field_value_options") ?? index(t, "options"),
            t.fields[key].type == .string, t.fields[json].type == .string
        else { return nil }
        return (key, json)
    }

    static func index(_ t: Table, _ name: String) -> Int? {
        t.fields.firstIndex { RoleSynonyms.normalise($0.name) == name }
    }

    /// `[{"id": "1", "label": "Lead Generation"}, …]`; ids may be numbers or strings.
    static func parseOptions(_ text: String) -> [(id: String, label: String)]? {
        guard let data = text.data(using: .utf8),
            let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return nil }
        return array.compactMap { item in
            guard let label = item["label"] as? String else { return nil }
            switch item["id"] {
            case let s as String: return (s, label)
            case let n as NSNumber: return (n.stringValue, label)
            default: return nil
            }
        }
    }
}

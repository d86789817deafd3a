import Foundation

/// Pipedrive's deals export ("Export data → Deals": headers `Deal - ID`, `Deal - Stage`, `Deal - Deal created`,
/// `Organization - Name` …): the `Deal - ` columns renamed to what they mean (the header text is kept),
/// the status lower-cased, and a `close_date` added — the actual close for won and lost deals, the expected
/// close date for open ones.
enum PipedriveDealsExport: ExportAdapter {
    /// `Deal - X` (X normalised) → the column name pipeq gives it.
    static let canonical: [String: String] = [
        "id": "id", "title": "title", "value": "value", "currency": "currency", "currency_of_value": "currency",
        "stage": "stage", "pipeline": "pipeline", "owner": "owner", "status": "status",
        "deal_created": "created", "add_time": "created", "created": "created",
        "won_time": "won_time", "lost_time": "lost_time", "deal_closed_on": "closed_on", "close_time": "closed_on",
        "expected_close_date": "expected_close_date", "last_stage_change": "stage_entered",
        "stage_change_time": "stage_entered",
        "probability": "probability", "lost_reason": "lost_reason", "update_time": "update_time",
        "weighted_value": "weighted_value",
    ]

    /// The part after `Deal - ` in a header, normalised; nil for other headers.
    static func dealSuffix(_ header: String) -> String? {
        let parts = header.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "deal" else { return nil }
        let suffix = RoleSynonyms.normalise(String(parts[1]))
        return suffix.isEmpty ? nil : suffix
    }

    /// Three or more `Deal - ` columns, one of them the id, title or stage.
    static func isDealsExport(_ t: Table) -> Bool {
        let suffixes = t.fields.compactMap { dealSuffix($0.info.header) }
        return suffixes.count >= 3 && suffixes.contains { ["id", "title", "stage"].contains($0) }
    }

    static func adapt(_ state: inout ImportState) {
        var found = false
        for i in state.tables.indices where isDealsExport(state.tables[i]) {
            let (table, notes) = rewrite(state.tables[i])
            state.tables[i] = table
            state.notes += notes
            found = true
        }
        // A stages table beside the export states the order (the export's stage names alone do not).
        if found { PipedriveStageOrder.apply(PipedriveLookups(state.tables), to: &state) }
    }

    static func rewrite(_ t: Table) -> (Table, [String]) {
        var fields = t.fields
        var renamed: [String] = []
        var used = Set(fields.map(\.name))
        for i in fields.indices {
            guard let suffix = dealSuffix(fields[i].info.header) else { continue }
            let wanted = canonical[suffix] ?? suffix
            guard wanted != fields[i].name, !used.contains(wanted) else { continue }
            used.remove(fields[i].name)
            used.insert(wanted)
            renamed.append("\(wanted) ← \"\(fields[i].info.header)\"")
            fields[i].info.name = wanted
        }
        var notes = [
            "\(t.name): a Pipedrive deals export; renamed "
                + (renamed.isEmpty ? "nothing" : renamed.joined(separator: ", "))
        ]
        let named = { (name: String) in fields.firstIndex { $0.name == name } }
        if let s = named("status"), fields[s].type == .string {
            fields[s].column = lowercased(fields[s].column)
            notes.append("\(t.name).status: lower-cased (open/won/lost)")
        }
        if let closeDate = PipedriveCloseDate(fields), !used.contains("close_date") {
            fields.append(
                Field(ColumnInfo(name: "close_date", header: "close_date", isSynthesised: true), closeDate.column))
            notes.append("\(t.name).close_date: \(closeDate.rule)")
        }
        return (Table(name: t.name, fields: fields, sourcePath: t.sourcePath, role: t.role, derived: t.derived), notes)
    }

    /// A string column with every dictionary entry lower-cased (entries that meet are merged).
    static func lowercased(_ column: Column) -> Column {
        guard let (codes, dictionary) = column.values.distinctStrings else { return column }
        var builder = StringDictionaryBuilder()
        let map = dictionary.values.map { builder.code(for: $0.lowercased()) }
        return Column(
            .string(codes.remapped(map, dictionaryCount: builder.values.count), builder.build()), nulls: column.nulls)
    }
}

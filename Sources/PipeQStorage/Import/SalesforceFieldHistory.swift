/// Salesforce's OpportunityFieldHistory (`OpportunityId, CreatedDate, Field, OldValue, NewValue`): one row
/// per tracked field change. Its `StageName` rows are the stage history: each change enters `NewValue` at
/// `CreatedDate`, and a deal's first change also says where it started (`OldValue`), entered when the
/// opportunity was created (its `created` row). The result is a `history` table of `deal_id, stage,
/// entered_at`; `HistoryStays` then ends each stay where the next begins. Its `CloseDate` and `Amount` rows become
/// a terms table (`SalesforceFieldTerms`).
enum SalesforceFieldHistory: ExportAdapter {
    static func adapt(_ state: inout ImportState) {
        for table in state.tables {
            guard table.role == nil, let shape = Shape(table) else { continue }
            let deals = state.tables.first { $0 !== table && TableClassifier.isDealsTable($0) }
            let (history, notes) = stageHistory(table, shape, deals: deals)
            guard let history else {
                state.notes.append(contentsOf: notes)
                continue
            }
            let name = state.freeName("history")
            state.tables.append(Table(name: name, fields: history, sourcePath: table.sourcePath))
            state.notes.append(contentsOf: notes)
            if let terms = SalesforceFieldTerms.table(
                table, shape, name: state.freeName(TermsTable.name(for: name)))
            {
                state.tables.append(terms)
                state.notes.append(TermsTable.note(terms, from: table.name))
            }
        }
    }

    /// The columns of a field-history table, by their API names (or report labels).
    struct Shape {
        let dealId: Int, created: Int, field: Int, oldValue: Int, newValue: Int

        init?(_ table: Table) {
            func find(_ names: [String]) -> Int? {
                table.fields.firstIndex {
                    names.contains(RoleSynonyms.normalise($0.name).replacingOccurrences(of: "_", with: ""))
                }
            }
            guard let d = find(["opportunityid", "parentid"]), let c = find(["createddate", "editdate"]),
                let f = find(["field", "fieldevent"]), let o = find(["oldvalue"]), let n = find(["newvalue"]),
                table.fields[c].type.isTemporal, table.fields[f].type == .string
            else { return nil }
            (dealId, created, field, oldValue, newValue) = (d, c, f, o, n)
        }
    }

    /// - Parameter deals: the deals table, whose deals without a StageName change are still in the stage they
    ///   were created in: they get one row, that stage entered when they were created.
    static func stageHistory(_ table: Table, _ shape: Shape, deals: Table?) -> (fields: [Field]?, notes: [String]) {
        let ids = table.fields[shape.dealId].column
        let times = table.fields[shape.created].column
        let field = table.fields[shape.field].column
        let old = table.fields[shape.oldValue].column
        let new = table.fields[shape.newValue].column
        guard let micros = ImportColumns.rawMicros(times) else { return (nil, []) }
        let idText = TextCodes(ids)
        let fieldText = TextCodes(field)
        let oldText = TextCodes(old)
        let newText = TextCodes(new)
        // Per deal: when it was created, and its stage changes in time order.
        var createdAt: [String: Int64] = [:]
        var changes: [String: [(time: Int64, row: Int)]] = [:]
        var order: [String] = []
        for row in 0..<table.rowCount {
            guard let id = idText.text(row), !times.isNull(row), let name = fieldText.text(row)?.lowercased() else {
                continue
            }
            if name == "created" || name == "opportunitycreatedfromlead" {
                createdAt[id] = min(createdAt[id] ?? .max, micros[row])
            } else if name == "stagename" || name == "stage" {
                if changes[id] == nil { order.append(id) }
                changes[id, default: []].append((micros[row], row))
            }
        }
        guard !order.isEmpty else {
            return (
                nil, ["\(table.name): a Salesforce field history without StageName changes: no stage history from it"]
            )
        }
        var dealIds: [String] = []
        var stages: [String] = []
        var entered: [Int64] = []
        var withoutStart = 0
        for id in order {
            let rows = changes[id]!.sorted { $0.time != $1.time ? $0.time < $1.time : $0.row < $1.row }
            if let first = rows.first, let start = oldText.text(first.row) {
                if let created = createdAt[id] {
                    dealIds.append(id)
                    stages.append(start)
                    entered.append(created)
                } else {
                    withoutStart += 1
                }
            }
            for change in rows {
                guard let stage = newText.text(change.row) else { continue }
                dealIds.append(id)
                stages.append(stage)
                entered.append(change.time)
            }
        }
        var notes = [
            "\(table.name): a Salesforce field history; its StageName changes (\(order.count) opportunities) "
                + "are the stage history, table history"
        ]
        if let deals, let unchanged = unchangedDeals(deals, changed: Set(order), createdAt: createdAt) {
            for (id, stage, created) in unchanged {
                dealIds.append(id)
                stages.append(stage)
                entered.append(created)
            }
            if !unchanged.isEmpty {
                notes.append(
                    "history: \(unchanged.count) opportunit\(unchanged.count == 1 ? "y" : "ies") of \(deals.name) without a "
                        + "stage change \(unchanged.count == 1 ? "is" : "are") in the stage \(unchanged.count == 1 ? "it was" : "they were") "
                        + "created in, since \(unchanged.count == 1 ? "its" : "their") creation")
            }
        }
        if withoutStart > 0 {
            notes.append(
                "\(table.name): \(withoutStart) opportunities have no \"created\" row, so the stage they started "
                    + "in has no entry date and is left out of history")
        }
        let fields = [
            Field(
                ColumnInfo(name: "deal_id", header: table.fields[shape.dealId].info.header),
                ImportColumns.strings(dealIds)),
            Field(
                ColumnInfo(name: "stage", header: table.fields[shape.newValue].info.header),
                ImportColumns.strings(stages)),
            Field(
                ColumnInfo(name: "entered_at", header: table.fields[shape.created].info.header),
                Column(.timestamp(entered))),
        ]
        return (fields, notes)
    }

    /// Deals with no stage change in the history: their id, current stage and creation time (the field history's
    /// `created` row, else the deals table's created date); deals without either are left out.
    static func unchangedDeals(_ deals: Table, changed: Set<String>, createdAt: [String: Int64])
        -> [(id: String, stage: String, created: Int64)]?
    {
        let roles = ColumnRoleMatcher.match(deals, as: .deals, overrides: []).roles
        guard let i = roles.firstIndex(of: .id), let s = roles.firstIndex(of: .stage) else { return nil }
        let ids = deals.fields[i].column
        let stage = deals.fields[s].column
        let created = roles.firstIndex(of: .created).flatMap { ImportColumns.rawMicros(deals.fields[$0].column) }
        var out: [(id: String, stage: String, created: Int64)] = []
        for row in 0..<deals.rowCount {
            guard case .string(let id) = ids.value(at: row), !changed.contains(id),
                case .string(let name) = stage.value(at: row)
            else { continue }
            let createdColumn = roles.firstIndex(of: .created).map { deals.fields[$0].column }
            if let time = createdAt[id] {
                out.append((id, name, time))
            } else if let created, let createdColumn, !createdColumn.isNull(row) {
                out.append((id, name, created[row]))
            }
        }
        return out
    }
}

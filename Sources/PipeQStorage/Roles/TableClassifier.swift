/// Decides which loaded table plays the deals, history and reps roles.
enum TableClassifier {
    static func classify(_ tables: [Table], config: PipelineConfig?) -> (roles: [TableRole?], notes: [String]) {
        var roles = [TableRole?](repeating: nil, count: tables.count)
        var notes: [String] = []
        // [tables] in pipeline.toml wins.
        for role in TableRole.allCases {
            guard let name = config?.tableRoles[role] else { continue }
            if let i = tables.firstIndex(where: {
                $0.name == name || RoleSynonyms.normalise($0.name) == RoleSynonyms.normalise(name)
            }) {
                roles[i] = role
            } else {
                notes.append("pipeline.toml: no table \"\(name)\" for the \(role.rawValue) role")
            }
        }
        func free(_ i: Int) -> Bool { roles[i] == nil }
        // A role an export adapter already gave (a history it rebuilt) stands unless the config names another table.
        for (i, table) in tables.enumerated() {
            if let role = table.role, !roles.contains(role) { roles[i] = role }
        }

        if !roles.contains(.deals) {
            let strong = tables.indices.filter { free($0) && isDealsTable(tables[$0]) }
            if let best = strong.max(by: { dealsScore(tables[$0]) < dealsScore(tables[$1]) }) {
                roles[best] = .deals
            } else if let weak = tables.indices.first(where: { free($0) && isWeakDealsTable(tables[$0]) }) {
                roles[weak] = .deals
                notes.append(
                    "\(tables[weak].name): used as the deals table although it has no stage or value column (it has a deal id, a rep and a date)"
                )
            }
        }
        if !roles.contains(.history), let i = tables.indices.first(where: { free($0) && isHistoryTable(tables[$0]) }) {
            roles[i] = .history
        }
        // before reps: a quotas table has a rep and a quota too, and a period start a reps table lacks
        if !roles.contains(.quotas), let i = tables.indices.first(where: { free($0) && isQuotasTable(tables[$0]) }) {
            roles[i] = .quotas
        }
        if !roles.contains(.leads), let i = tables.indices.first(where: { free($0) && isLeadsTable(tables[$0]) }) {
            roles[i] = .leads
        }
        // before reps and spend: a revenue table's customer is no rep, and its revenue no spend
        if !roles.contains(.revenue), let i = tables.indices.first(where: { free($0) && isRevenueTable(tables[$0]) }) {
            roles[i] = .revenue
        }
        if !roles.contains(.spend), let i = tables.indices.first(where: { free($0) && isSpendTable(tables[$0]) }) {
            roles[i] = .spend
        }
        if !roles.contains(.reps), let i = tables.indices.first(where: { free($0) && isRepsTable(tables[$0]) }) {
            roles[i] = .reps
        }
        for (i, table) in tables.enumerated() where roles[i] == nil {
            if let note = ChangeLogDetector.note(for: table, allTables: tables) {
                notes.append(note)
            } else {
                notes.append(whyNoRole(table, taken: { role in roles.firstIndex(of: role).map { tables[$0].name } }))
            }
        }
        return (roles, notes)
    }

    /// Why a table plays no role: the role it could play is another table's, or what each role would need.
    static func whyNoRole(_ t: Table, taken: (TableRole) -> String?) -> String {
        if isDealsTable(t) || isWeakDealsTable(t), let other = taken(.deals) {
            return
                "\(t.name): no role (it could be the deals table, but \(other) is: its name or its columns fit better)"
        }
        if isHistoryTable(t), let other = taken(.history) {
            return "\(t.name): no role (it could be the stage history, but \(other) is)"
        }
        if isQuotasTable(t), let other = taken(.quotas) {
            return "\(t.name): no role (it could be the quotas table, but \(other) is)"
        }
        if isLeadsTable(t), let other = taken(.leads) {
            return "\(t.name): no role (it could be the leads table, but \(other) is)"
        }
        if isRevenueTable(t), let other = taken(.revenue) {
            return "\(t.name): no role (it could be the revenue table, but \(other) is)"
        }
        if isSpendTable(t), let other = taken(.spend) {
            return "\(t.name): no role (it could be the spend table, but \(other) is)"
        }
        if isRepsTable(t), let other = taken(.reps) {
            return "\(t.name): no role (it could be the reps table, but \(other) is)"
        }
        var missing: [String] = []
        if !has(.stage, t, .deals) { missing.append("a stage column") }
        if !has(.value, t, .deals) { missing.append("a value (amount) column") }
        let deals = "deals need " + (missing.isEmpty ? "unique ids" : missing.joined(separator: " and "))
        let history =
            isHistoryTable(t) ? "history is taken" : "history needs a deal id, a stage and when it was entered"
        let reps =
            has(.rep, t, .reps) ? "reps need a team, manager, region or quota beside the rep" : "reps need a rep column"
        return "\(t.name): no role (\(deals); \(history); \(reps)); "
            + "name its role in pipeline.toml ([tables] deals = \"\(t.name)\") if it is one"
    }

    private static func has(_ role: ColumnRole, _ table: Table, _ kind: TableRole) -> Bool {
        ColumnRoleMatcher.has(role, in: table, as: kind)
    }

    /// A stage column and a value column.
    static func isDealsTable(_ t: Table) -> Bool {
        has(.stage, t, .deals) && has(.value, t, .deals) && !isRepeatingHistory(t)
    }

    /// A history-shaped table whose deal reference repeats across rows: one row per change (Salesforce's
    /// OpportunityHistory has a stage and an amount too), so never the deals table.
    static func isRepeatingHistory(_ t: Table) -> Bool {
        guard isHistoryTable(t), let columns = HistoryStays.historyColumns(t) else { return false }
        return DealKeyValues.hasRepeats(t.fields[columns.dealId].column)
    }

    /// No stage or value, but a deal id, a rep and a created or close date (e.g. Olist's closed deals).
    static func isWeakDealsTable(_ t: Table) -> Bool {
        has(.id, t, .deals) && has(.rep, t, .deals) && (has(.created, t, .deals) || has(.closeDate, t, .deals))
            && !ChangeLogDetector.isChangeLog(t)
    }

    /// Name hints and the number of deal roles found decide between several candidates.
    private static func dealsScore(_ t: Table) -> Int {
        let name = t.name.lowercased()
        let hint = ["deal", "opportunit", "pipeline"].contains { name.contains($0) } ? 100 : 0
        return hint + RoleSynonyms.roles(for: .deals).filter { has($0, t, .deals) }.count
    }

    /// A deal reference other than a bare `id`, a stage and when it was entered.
    static func isHistoryTable(_ t: Table) -> Bool {
        let idNames = Set(RoleSynonyms.names(for: .dealId, in: .history).filter { $0 != "id" })
        let hasDealRef = t.fields.contains {
            idNames.contains(RoleSynonyms.normalise($0.name)) && RoleSynonyms.accepts(.dealId, $0.type)
        }
        return hasDealRef && has(.stage, t, .history) && has(.enteredAt, t, .history)
    }

    /// A quota, the start of the period it is for, and a rep or team it belongs to; no stage.
    static func isQuotasTable(_ t: Table) -> Bool {
        guard has(.quota, t, .quotas), has(.period, t, .quotas), !has(.stage, t, .deals) else { return false }
        return has(.rep, t, .quotas) || has(.team, t, .quotas)
    }

    /// A lead id and a source (origin); no stage, value or rep (a deal's), no amount (spend's).
    static func isLeadsTable(_ t: Table) -> Bool {
        has(.leadId, t, .leads) && has(.source, t, .leads) && !has(.stage, t, .deals) && !has(.value, t, .deals)
            && !has(.rep, t, .deals) && !has(.amount, t, .spend)
    }

    /// A customer, a month and the revenue; no stage, no rep.
    static func isRevenueTable(_ t: Table) -> Bool {
        has(.customer, t, .revenue) && has(.period, t, .revenue) && has(.revenue, t, .revenue)
            && !has(.stage, t, .deals) && !has(.rep, t, .deals)
    }

    /// A period, an amount and a source or channel; no stage, no rep, no customer; not a quotas table.
    static func isSpendTable(_ t: Table) -> Bool {
        has(.period, t, .spend) && has(.amount, t, .spend) && has(.source, t, .spend) && !has(.stage, t, .deals)
            && !has(.rep, t, .deals) && !has(.customer, t, .revenue) && !isQuotasTable(t)
    }

    /// A rep name plus at least one of team, manager, region, quota, and no stage.
    static func isRepsTable(_ t: Table) -> Bool {
        guard has(.rep, t, .reps), !has(.stage, t, .deals) else { return false }
        return [ColumnRole.team, .manager, .region, .quota].contains { has($0, t, .reps) }
    }
}

/// Pipedrive's deal change log (the API's deal changelog / "deal updates" export, or a `deal_changes.csv` of
/// `deal_id, change_time, changed_field_key, new_value`) pivoted into a `deals` table and a stage `history`,
/// with ids named through the stages, users and fields tables beside it, and the stage order the stages
/// table states; its close-date and amount changes are kept as a terms table. The log itself stays as it was
/// loaded.
enum PipedriveChangeLog: ExportAdapter {
    static func adapt(_ state: inout ImportState) {
        let logs = state.tables.compactMap { t in ChangeLogColumns.find(in: t).map { (t, $0) } }
        guard !logs.isEmpty else { return }
        let lookups = PipedriveLookups(state.tables)
        for (table, columns) in logs {
            guard let pivot = ChangeLogPivot(table, columns), pivot.dealCount > 0 else { continue }
            let historyName = state.freeName("history")
            let built = ChangeLogTables(
                pivot, lookups: lookups, dealsName: state.freeName("deals"), historyName: historyName,
                termsName: state.freeName(TermsTable.name(for: historyName)))
            state.tables.append(built.deals)
            if let history = built.history { state.tables.append(history) }
            if let terms = built.terms { state.tables.append(terms) }
            state.notes += built.notes
        }
        PipedriveStageOrder.apply(lookups, to: &state)
    }
}

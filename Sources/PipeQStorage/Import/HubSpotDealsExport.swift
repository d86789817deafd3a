/// HubSpot's deal export: the stage history lives in per-stage columns (`Date entered "Stage (Pipeline)"`,
/// `Date exited "…"`, or the API's `hs_v2_date_entered_<stageid>`), and the rest are deal properties under
/// their export labels (`Record ID`, `Deal Stage`, `Amount`, `Deal owner`, …).
///
/// The adapter adds a `history` table (deal_id, stage, pipeline, entered_at, exited_at) built from those
/// columns, drops them from the deals, renames the deal columns to the names role mapping reads, adds
/// `stage_entered` (and `status` from `Is Closed Won`), and states the stage order: the order of the
/// date-entered columns, per pipeline.
enum HubSpotDealsExport: ExportAdapter {
    static func adapt(_ state: inout ImportState) {
        var i = 0
        while i < state.tables.count {
            let table = state.tables[i]
            guard let layout = HubSpotExportLayout(table) else {
                i += 1
                continue
            }
            let converted = HubSpotDealsConversion(table: table, layout: layout, historyName: state.freeName("history"))
            state.tables[i] = converted.deals
            state.tables.insert(converted.history, at: i + 1)
            state.notes += converted.notes
            if state.stageOrder == nil { state.stageOrder = converted.stages }
            i += 2
        }
    }
}

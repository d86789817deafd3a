/// The ordinary columns of a HubSpot deal export, by export label or internal property name, and the
/// names pipeq's role mapping reads them by.
enum HubSpotDealFields {
    /// Normalised export header or property name → the column's new name. First match per target wins.
    static let renames: [(from: [String], to: String)] = [
        (["record_id", "deal_id", "hs_object_id"], "id"),
        (["deal_stage", "dealstage"], "stage"),
        (["amount"], "value"),
        (["deal_owner", "hubspot_owner_id"], "rep"),
        (["create_date", "createdate"], "created"),
        (["close_date", "closedate"], "close_date"),
        (["deal_probability", "hs_deal_stage_probability"], "probability"),
        (["forecast_category", "hs_manual_forecast_category", "hs_forecast_category"], "forecast_category"),
        (["deal_name", "dealname"], "name"),
        (["pipeline"], "pipeline"),
    ]

    /// Columns saying whether a deal was won / is closed (HubSpot's calculated booleans).
    static let closedWon = ["is_closed_won", "hs_is_closed_won"]
    static let closed = ["is_deal_closed", "is_closed", "hs_is_closed"]

    /// The first field whose normalised name is in `names` (in `names` order).
    static func field(in table: Table, named names: [String]) -> Int? {
        let normalised = table.fields.map { RoleSynonyms.normalise($0.info.name) }
        for name in names { if let i = normalised.firstIndex(of: name) { return i } }
        return nil
    }

    /// The stage column: "Deal Stage" (a label) before "dealstage" (an id) when the export has both.
    static func stage(in table: Table) -> Int? { field(in: table, named: ["deal_stage", "dealstage"]) }

    static func pipeline(in table: Table) -> Int? { field(in: table, named: ["pipeline"]) }

    static func id(in table: Table) -> Int? { field(in: table, named: ["record_id", "deal_id", "hs_object_id", "id"]) }
}

/// One stage of a HubSpot deal export: its label, its pipeline when known, and the fields holding the
/// times deals entered and left it.
struct HubSpotStageSlot: Sendable, Equatable {
    var label: String
    /// From the header's "(Pipeline)" suffix, or (id-form columns) from the deals that entered the stage.
    var pipeline: String?
    var entered: Int
    var exited: Int?
    /// The internal stage id, for `hs_…_<stageid>` columns.
    var id: String?
}

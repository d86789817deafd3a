/// Sets the import's stage order from what a Pipedrive export states: its stages table (order_nr, else the
/// stage ids), else the stage field's options in the fields table. Every stage is open: Pipedrive records
/// won and lost as a deal's status, not as stages.
enum PipedriveStageOrder {
    static func apply(_ lookups: PipedriveLookups, to state: inout ImportState) {
        guard state.stageOrder == nil else { return }
        let order: StageDefinitions
        if let stages = lookups.stages {
            order = stages.definitions
        } else if let options = lookups.options["stage_id"], let fields = lookups.fieldsTable {
            var seen = Set<String>()
            let names = options.map(\.label).filter { seen.insert($0).inserted }
            let origin = PipedriveStageTable.shortPath(fields)
            order = StageDefinitions(
                stages: names.map { StageDefinition(name: $0, outcome: .open) }, origin: "\(origin) (stage_id options)")
        } else {
            return
        }
        guard !order.stages.isEmpty else { return }
        state.stageOrder = order
        state.notes.append(
            "stage order from \(order.origin): \(order.stages.count) stages, all open (Pipedrive's won and lost are deal statuses, not stages)"
        )
    }
}

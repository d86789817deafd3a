/// HubSpot's calculated `Is Closed Won` (hs_is_closed_won) and, when exported, `Is deal closed?`
/// (hs_is_closed): a deal's outcome without reading stage names.
struct HubSpotClosedFlags {
    let won: Column
    let closed: Column?
    let wonHeader: String

    init?(_ table: Table) {
        guard let w = HubSpotDealFields.field(in: table, named: HubSpotDealFields.closedWon),
            case .bool = table.fields[w].column.values
        else { return nil }
        won = table.fields[w].column
        wonHeader = table.fields[w].info.header
        let c = HubSpotDealFields.field(in: table, named: HubSpotDealFields.closed)
        if let c, case .bool = table.fields[c].column.values { closed = table.fields[c].column } else { closed = nil }
    }

    private func flag(_ column: Column?, _ row: Int) -> Bool? {
        guard let column, !column.isNull(row), case .bool(let v) = column.values else { return nil }
        return v[row]
    }

    /// open/won/lost per deal: won when flagged won; lost when closed but not won, or not won and in a stage
    /// named lost; open otherwise. Where the won flag is empty, the stage's name decides.
    func status(stage: Column?) -> Column {
        let n = won.count
        let outcomes: [StageOutcome] = [.open, .won, .lost]
        let byName: [UInt32]
        if let stage, let (codes, dictionary) = stage.values.distinctStrings {
            let table = dictionary.values.map { UInt32(outcomes.firstIndex(of: StageDefinitions.outcomeFromName($0))!) }
            byName = codes.lookup(table).enumerated().map { stage.isNull($0.offset) ? 0 : $0.element }
        } else {
            byName = [UInt32](repeating: 0, count: n)
        }
        let codes: [UInt32] = (0..<n).map { row in
            switch flag(won, row) {
            case true?: return 1
            case false?: return flag(closed, row) == true || byName[row] == 2 ? 2 : 0
            case nil: return byName[row]
            }
        }
        let names = outcomes.map(\.rawValue)
        return Column(.string(codes: codes, StringDictionary(values: names, order: names)))
    }

    /// A stage every one of whose current deals is flagged won is a won stage; one whose current deals are all
    /// closed and none won is a lost stage (a custom "Churned"). Stages without deals keep their name's outcome.
    func refine(_ outcomes: inout [StageOutcome], currentSlot: [Int32]) {
        var deals = [Int](repeating: 0, count: outcomes.count)
        var wonDeals = deals
        var lostDeals = deals
        for row in 0..<currentSlot.count where currentSlot[row] >= 0 {
            let k = Int(currentSlot[row])
            deals[k] += 1
            if flag(won, row) == true { wonDeals[k] += 1 }
            if flag(won, row) == false && flag(closed, row) == true { lostDeals[k] += 1 }
        }
        for k in outcomes.indices where deals[k] > 0 {
            if wonDeals[k] == deals[k] { outcomes[k] = .won } else if lostDeals[k] == deals[k] { outcomes[k] = .lost }
        }
    }
}

/// The generator's vocabulary as bytes, and the row formatting for deals and history.
struct GeneratorText {
    private let stages: [[UInt8]]
    private let statuses: [[UInt8]] = ["open", "won", "lost"].map { Array($0.utf8) }
    private let segments: [[UInt8]]
    private let sources: [[UInt8]]
    private let teams: [[UInt8]]
    private let regions: [[UInt8]]
    private let products: [[UInt8]]
    private let kinds: [[UInt8]]
    private let syllables1: [[UInt8]]
    private let syllables2: [[UInt8]]
    private let industries: [[UInt8]]
    private let suffixes: [[UInt8]]
    private let dashSeparator: [UInt8] = Array(" - ".utf8)

    init() {
        let m = GeneratorModel.self
        func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }
        stages = bytes(m.stages)
        segments = bytes(m.segments)
        sources = bytes(m.sources)
        teams = bytes(m.teams.map(\.name))
        regions = bytes(m.teams.map(\.region))
        products = bytes(m.products)
        kinds = bytes(m.kinds)
        syllables1 = bytes(m.syllables1)
        syllables2 = bytes(m.syllables2)
        industries = bytes(m.industries)
        suffixes = bytes(m.suffixes)
    }

    /// A distinct company name per account index ("Zentora Logistics Inc"), numbered past 144,000.
    func appendAccount(_ index: Int, to out: inout CSVByteWriter) {
        let combos = syllables1.count * syllables2.count * industries.count * suffixes.count
        let scrambled = (index &* 7919 &+ 12345) % combos  // 7919 is prime and does not divide combos
        let a = scrambled % syllables1.count
        let b = (scrambled / syllables1.count) % syllables2.count
        let c = (scrambled / (syllables1.count * syllables2.count)) % industries.count
        let d = (scrambled / (syllables1.count * syllables2.count * industries.count)) % suffixes.count
        out.append(syllables1[a])
        out.append(syllables2[b])
        out.space()
        out.append(industries[c])
        out.space()
        out.append(suffixes[d])
        let repeatNumber = index / combos
        if repeatNumber > 0 {
            out.space()
            out.append(int: repeatNumber + 1)
        }
    }

    func writeDeal(id: Int, _ deal: SimulatedDeal, reps: [SyntheticRep], dates: DateTable, to out: inout CSVByteWriter)
    {
        let rep = reps[deal.rep]
        out.append(int: id)
        out.comma()
        appendAccount(deal.account, to: &out)
        out.append(dashSeparator)
        out.append(products[deal.product])
        out.space()
        out.append(kinds[deal.kind])
        out.comma()
        appendAccount(deal.account, to: &out)
        out.comma()
        out.append(rep.name)
        out.comma()
        out.append(teams[rep.team])
        out.comma()
        out.append(regions[rep.team])
        out.comma()
        out.append(segments[deal.segment])
        out.comma()
        out.append(sources[deal.source])
        out.comma()
        out.append(stages[deal.stage])
        out.comma()
        out.append(statuses[deal.status])
        out.comma()
        out.append(cents: deal.cents)
        out.comma()
        out.append(cents: deal.probabilityPercent)
        out.comma()
        out.append(int: deal.leadScore)
        out.comma()
        out.append(day: deal.createdDay, table: dates)
        out.comma()
        out.append(day: deal.closeDay, table: dates)
        out.comma()
        out.append(day: deal.stageEnteredDay, table: dates)
        out.comma()
        out.append(GeneratorModel.forecastCategory(id: id, deal))
    }

    /// Writes the deal's history rows, one per change as a CRM logs them (no exit times: each stay ends where the
    /// next stage begins): a row per stage entered and one per close-date or amount edit (`terms`), which repeats
    /// the stage the deal was in; every row holds the close date and amount as they stood after it. Returns how
    /// many rows.
    func writeHistory(
        id: Int, _ deal: SimulatedDeal, terms: TermsEditor.Path, dates: DateTable, to out: inout CSVByteWriter
    ) throws -> Int {
        let closed = deal.status != 0
        var closeDay = terms.closeDay
        var cents = terms.cents
        var next = 0  // the next edit to write
        var rows = 0
        func row(_ stage: Int, _ time: Int64) throws {
            out.append(int: id)
            out.comma()
            out.append(stages[stage])
            out.comma()
            out.append(timestamp: time, table: dates)
            out.comma()
            out.append(day: closeDay, table: dates)
            out.comma()
            out.append(cents: cents)
            try out.endRow()
            rows += 1
        }
        for s in 0...deal.lastOpenStage {
            try row(s, deal.entered[s])
            let leaves: Int64 = s < deal.lastOpenStage || closed ? deal.entered[s + 1] : .max
            while next < terms.edits.count && terms.edits[next].time < leaves {
                let edit = terms.edits[next]
                (closeDay, cents) = (edit.closeDay, edit.cents)
                try row(s, edit.time)
                next += 1
            }
        }
        guard closed else { return rows }
        // Closing sets the close date to the day it closed.
        closeDay = deal.closeDay
        cents = deal.cents
        try row(deal.stage, deal.entered[deal.lastOpenStage + 1])
        return rows
    }
}

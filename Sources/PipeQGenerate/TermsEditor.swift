import PipeQCore

/// How a deal's close date and amount changed while it was open, as a CRM's history records them (Salesforce's
/// OpportunityHistory: a row per edit, the stage repeated): reps push close dates (most slipped deals once, some
/// several times), some pull one in, and some amounts are revised. Drawn from a stream of its own, so the deals
/// themselves come out the same as without it.
struct TermsEditor {
    /// One edit: when, and the close date and amount after it.
    struct Edit {
        var time: Int64
        var closeDay: Int
        var cents: Int
    }

    /// A deal's terms: what it was created with, and its edits in time order.
    struct Path {
        var closeDay = 0
        var cents = 0
        var edits: [Edit] = []
    }

    private var random: SeededRandom
    private let asOfDay: Int

    init(random: SeededRandom, asOfDay: Int) {
        self.random = random
        self.asOfDay = asOfDay
    }

    /// The terms path of `deal`, ending at its current close date (a closed deal's expected one before it closed)
    /// and amount.
    mutating func path(for deal: SimulatedDeal, into path: inout Path) {
        path.edits.removeAll(keepingCapacity: true)
        let closed = deal.status != 0
        let createdDay = Int(CivilTime.floorDiv(deal.entered[0], CivilTime.microsPerDay))
        // Open deals: 45 % never pushed, then 1, 2, 3 or 4 pushes; closed deals slipped less before closing.
        let u = random.uniform()
        let pushes =
            closed
            ? (u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : 3)
            : (u < 0.45 ? 0 : u < 0.72 ? 1 : u < 0.88 ? 2 : u < 0.96 ? 3 : 4)
        let pulls = random.chance(0.1) ? 1 : 0
        // Amounts were revised from one 25 % lower to one 30 % higher, in whole currency units.
        let revised = random.chance(0.22)
        let factor = 0.75 + 0.55 * random.uniform()
        let startCents = revised ? max(100_000, Int((Double(deal.cents) / factor / 100).rounded()) * 100) : deal.cents
        let amendsAmount = startCents != deal.cents
        // A closed deal was expected to close near when it did; the closing row then sets the real day.
        var close = closed ? deal.closeDay + random.int(in: -14...21) : deal.closeDay

        // Edits fall on whole days strictly between creation and the close (or the as-of date), in office hours.
        let endDay =
            closed ? Int(CivilTime.floorDiv(deal.entered[deal.lastOpenStage + 1], CivilTime.microsPerDay)) : asOfDay
        let firstDay = createdDay + 1
        let kinds = [Int](repeating: 0, count: pushes) + [Int](repeating: 1, count: pulls) + (amendsAmount ? [2] : [])
        guard endDay - firstDay >= 1, !kinds.isEmpty else {
            path.closeDay = close
            path.cents = deal.cents
            return
        }
        var events: [(time: Int64, kind: Int)] = kinds.map { kind in
            let day = firstDay + random.int(below: endDay - firstDay)
            let time =
                Int64(day) * CivilTime.microsPerDay + 8 * CivilTime.microsPerHour
                + Int64(random.int(below: 10 * 3600)) * CivilTime.microsPerSecond
            return (time, kind)
        }
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.kind < $1.kind }
        // Backwards from the close date it ended at: before a push it was earlier, before a pull later. Never
        // within two weeks of creation: a push that would need that is dropped.
        var closeAfter = [Int](repeating: 0, count: events.count)
        var kept = [Bool](repeating: true, count: events.count)
        for i in events.indices.reversed() where events[i].kind != 2 {
            closeAfter[i] = close
            let before =
                events[i].kind == 0
                ? max(close - random.int(in: 14...60), createdDay + 14) : close + random.int(in: 10...45)
            if before >= close && events[i].kind == 0 {
                kept[i] = false
                continue
            }
            close = before
        }
        path.closeDay = close
        path.cents = startCents
        var cents = startCents
        for i in events.indices where kept[i] {
            if events[i].kind == 2 { cents = deal.cents } else { close = closeAfter[i] }
            path.edits.append(Edit(time: events[i].time, closeDay: close, cents: cents))
        }
    }
}

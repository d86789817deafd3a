import Foundation
import PipeQCore

/// Writes a deterministic synthetic sales pipeline: `deals.csv`, `history.csv`, `reps.csv`, `quotas.csv`, and
/// `spend.csv` and `revenue.csv` (`EconomicsGenerator`).
///
/// The same `(deals, seed, asOf)` gives byte-identical files on every machine: randomness comes
/// from a seeded xoshiro256** stream and `log`/`exp` are computed without the platform libm.
/// Deals are created over the two years before the as-of date with seasonal, uneven inflow; they
/// advance through Prospecting → Qualification → Needs Analysis → Proposal → Negotiation →
/// Closed Won, or drop to Closed Lost, at rates that depend on the rep (each has an overall skill
/// and one weak stage), the deal's size and a latent quality that also drives `lead_score`. history.csv
/// logs one row per change, as Salesforce's OpportunityHistory does: stage changes and close-date and amount
/// edits (`TermsEditor`), each with the close date and amount as they then stood, and no exit times.
public struct PipelineGenerator: Sendable {
    /// Number of deals to write.
    public let deals: Int
    /// Seed of the random streams; part of the determinism key with `deals` and `asOf`.
    public let seed: UInt64
    /// `YYYY-MM-DD`: the export date. Nothing happens on or after it.
    public let asOf: String

    /// Days before the as-of date over which deals are created.
    public static let windowDays = 730

    /// A generator for `deals` deals (negative counts are treated as 0).
    public init(deals: Int, seed: UInt64, asOf: String = "2026-11-01") {
        self.deals = max(0, deals)
        self.seed = seed
        self.asOf = asOf
    }

    /// Writes the three files into `directory` (created if missing) and returns what was written.
    public func write(to directory: String) throws -> GenerationSummary {
        guard let asOfDay = CivilTime.parseDate(asOf).map(Int.init) else {
            throw Diagnostic(.usage, "invalid as-of date \"\(asOf)\"", hint: "use YYYY-MM-DD")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: directory)
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }

        var setup = SeededRandom(seed: seed, stream: 0)
        let reps = RepRoster.make(&setup)
        let dates = DateTable(firstDay: asOfDay - Self.windowDays - 1, lastDay: asOfDay + 400)
        // All three files are written under temporary names and renamed at the end, so a generator that
        // fails or is killed never leaves a truncated CSV (or a new deals.csv beside an old history.csv).
        var finished: [CSVByteWriter] = []
        var open: [CSVByteWriter] = []
        var committed = false
        defer { if !committed { for writer in finished + open { writer.discard() } } }
        let (repsWriter, repsBytes) = try writeReps(reps, to: path("reps.csv"))
        finished.append(repsWriter)
        let (quotasWriter, quotasBytes) = try writeQuotas(reps, asOfDay: asOfDay, to: path("quotas.csv"))
        finished.append(quotasWriter)

        let accountCount = min(max(200, deals / 10), 5_000_000)
        var simulator = DealSimulator(
            random: SeededRandom(seed: seed, stream: 1), reps: reps,
            calendar: InflowCalendar(asOfDay: asOfDay, windowDays: Self.windowDays),
            asOfDay: asOfDay, accountCount: accountCount)
        var dealOut = try CSVByteWriter(path: path("deals.csv"))
        open.append(dealOut)
        var historyOut = try CSVByteWriter(path: path("history.csv"))
        open.append(historyOut)
        dealOut.append(GeneratorModel.headerDeals)
        try dealOut.endRow()
        historyOut.append(GeneratorModel.headerHistory)
        try historyOut.endRow()

        let text = GeneratorText()
        var summary = GenerationSummary(
            deals: deals, open: 0, won: 0, lost: 0, historyRows: 0, reps: reps.count, bytes: [:])
        var deal = SimulatedDeal()
        // Close-date and amount edits draw from a stream of their own: deals.csv is the same as without them.
        var editor = TermsEditor(random: SeededRandom(seed: seed, stream: 2), asOfDay: asOfDay)
        var terms = TermsEditor.Path()
        var economics = EconomicsGenerator()
        for i in 0..<deals {
            simulator.next(into: &deal)
            let id = i + 1
            text.writeDeal(id: id, deal, reps: reps, dates: dates, to: &dealOut)
            try dealOut.endRow()
            editor.path(for: deal, into: &terms)
            summary.historyRows += try text.writeHistory(
                id: id, deal, terms: terms, dates: dates, to: &historyOut)
            economics.record(id: id, deal)
            switch deal.status {
            case 1: summary.won += 1
            case 2: summary.lost += 1
            default: summary.open += 1
            }
        }
        try dealOut.close()
        try historyOut.close()
        finished += [dealOut, historyOut]
        open = []
        let (spendWriter, spendBytes) = try economics.writeSpend(
            firstDay: asOfDay - Self.windowDays, asOfDay: asOfDay, to: path("spend.csv"))
        finished.append(spendWriter)
        let (revenueWriter, revenueBytes) = try economics.writeRevenue(asOfDay: asOfDay, to: path("revenue.csv"))
        finished.append(revenueWriter)
        for writer in finished { try writer.commit() }
        committed = true
        summary.bytes = [
            "deals.csv": dealOut.totalBytes, "history.csv": historyOut.totalBytes, "reps.csv": repsBytes,
            "quotas.csv": quotasBytes, "spend.csv": spendBytes, "revenue.csv": revenueBytes,
        ]
        return summary
    }

    private func writeReps(_ reps: [SyntheticRep], to path: String) throws -> (CSVByteWriter, Int) {
        var out = try CSVByteWriter(path: path)
        out.append(GeneratorModel.headerReps)
        try out.endRow()
        for rep in reps {
            let team = GeneratorModel.teams[rep.team]
            out.append(rep.name)
            out.comma()
            out.append(team.name)
            out.comma()
            out.append(team.manager)
            out.comma()
            out.append(team.region)
            out.comma()
            out.append(cents: rep.quota * 100)
            try out.endRow()
        }
        do { try out.close() } catch {
            out.discard()
            throw error
        }
        return (out, out.totalBytes)
    }

    /// One quota per rep and calendar quarter, from the quarter the deals start in to the one a year after the as-of
    /// date: the rep's yearly quota × the quarter's share, to the thousand; then each team's quota (no rep) = the sum
    /// of its reps' ÷ the over-assignment, to the thousand.
    private func writeQuotas(_ reps: [SyntheticRep], asOfDay: Int, to path: String) throws -> (CSVByteWriter, Int) {
        let m = GeneratorModel.self
        var out = try CSVByteWriter(path: path)
        out.append(m.headerQuotas)
        try out.endRow()
        func quarter(_ day: Int) -> Int {
            let (y, month, _) = CivilTime.civil(days: day)
            return y * 4 + (month - 1) / 3
        }
        func thousands(_ x: Double) -> Int { Int((x / 1000).rounded()) * 1000 }
        for q in quarter(asOfDay - Self.windowDays)...quarter(asOfDay + 365) {
            let start = CivilTime.formatDate(CivilTime.days(year: q / 4, month: q % 4 * 3 + 1, day: 1))
            var teamTotals = [Int](repeating: 0, count: m.teams.count)
            for rep in reps {
                let quota = thousands(Double(rep.quota) * m.quarterShares[q % 4])
                teamTotals[rep.team] += quota
                out.append(rep.name)
                out.comma()
                out.append(m.teams[rep.team].name)
                out.comma()
                out.append(start)
                out.comma()
                out.append(cents: quota * 100)
                try out.endRow()
            }
            for (team, total) in teamTotals.enumerated() {
                out.comma()
                out.append(m.teams[team].name)
                out.comma()
                out.append(start)
                out.comma()
                out.append(cents: thousands(Double(total) / m.overAssignment) * 100)
                try out.endRow()
            }
        }
        do { try out.close() } catch {
            out.discard()
            throw error
        }
        return (out, out.totalBytes)
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `scorecard trend [for REP]`: per rep, win rate, avg deal size and avg cycle days per quarter of the close date, as
/// series the table draws as sparklines (`CellEncoding.series`; the glyphs are the render layer's). The quarters are
/// the last eight fiscal quarters up to the one holding the as-of date; the numbers per rep and quarter are
/// DealStats' (compare, metrics), over the deals closing in the quarter.
struct ScorecardTrendPlan: VerbPlan {
    static let quarters = 8

    let rep: Int
    let only: (name: String, span: SourceSpan)?
    let columns: DealStats.Columns
    let closeDate: Int
    let fiscal: FiscalCalendar
    let asOfDay: Int
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput, only: (name: String, span: SourceSpan)?) throws(Diagnostic) {
        try VerbSupport.refuseKeys(input)
        rep = try VerbSupport.require(.rep, input, for: "each deal's rep", types: [.string])
        closeDate = try VerbSupport.require(
            .closeDate, input, for: "each deal's close date (the quarter it counts in)", types: [.date, .timestamp])
        self.only = only
        var columns = try DealStats.columns(of: input)
        columns.closeDate = closeDate
        self.columns = columns
        fiscal = FiscalCalendar(startMonth: input.catalog.fiscalYearStart)
        asOfDay = Int(input.context.asOfDay)
        var schema = RelationSchema.plain([
            ("rep", .string), ("from", .string), ("to", .string), ("closed", .int), ("win_rate", .string),
            ("avg_deal_size", .string), ("avg_cycle_days", .string),
        ])
        for i in 4..<7 { schema.fields[i].info.encoding = .series }
        outputSchema = schema
    }

    var explanation: String {
        "Scorecard trend: win rate, deal size and cycle per rep over the last \(Self.quarters) quarters"
            + (only.map { " for \"\($0.name)\"" } ?? "")
    }

    /// A quarter's number counted in months since year 0 ÷ 3 (consecutive quarters are consecutive numbers).
    private func quarterIndex(_ day: Int) -> Int {
        let (y, m, _) = CivilTime.civil(days: fiscal.quarterStart(days: day))
        return ScorecardTrendForm.quarterIndex(year: y, month: m)
    }

    /// A quarter's label, from its first day.
    private func label(_ index: Int) -> String {
        fiscal.quarterLabel(days: CivilTime.days(year: index * 3 / 12, month: index * 3 % 12 + 1, day: 1))
    }

    var form: HistoryVerbForm? {
        let last = quarterIndex(asOfDay)
        return .scorecardTrend(
            ScorecardTrendForm(
                rep: rep, only: only, outcome: columns.outcome.expression, value: columns.value,
                created: columns.created, closeDate: closeDate, quarters: Self.quarters,
                fiscalStartMonth: fiscal.startMonth, lastQuarter: last, from: label(last - Self.quarters + 1),
                to: label(last), outputSchema: outputSchema))
    }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let repColumn = VerbSupport.column(input, rep)
        guard let (repCodes, dict) = repColumn.values.distinctStrings else { return Relation(fields: [], count: 0) }
        let close = VerbSupport.column(input, closeDate)
        let days = VerbSupport.days(close)
        let q = Self.quarters
        let last = quarterIndex(asOfDay)
        let reps = dict.count
        let outside = Int32(reps * q)
        var ids = [Int32](repeating: outside, count: input.count)
        var present = [Bool](repeating: false, count: reps)
        for i in 0..<input.count where !repColumn.isNull(i) {
            let r = Int(repCodes[i])
            present[r] = true
            guard !close.isNull(i) else { continue }
            let k = quarterIndex(Int(days[i])) - (last - q + 1)
            if k >= 0 && k < q { ids[i] = Int32(r * q + k) }
        }
        let stats = try DealStats(
            input, columns, groups: VerbGroups(ids: ids, count: reps * q + 1), cancellation: context.cancellation)
        var shown = (0..<reps).filter { present[$0] }
        if let only {
            let lower = only.name.lowercased()
            guard
                let r = shown.first(where: { dict.values[$0] == only.name })
                    ?? shown.first(where: { dict.values[$0].lowercased() == lower })
            else {
                let names = shown.map { dict.values[$0] }
                throw Diagnostic(
                    .execute, "unknown rep \"\(only.name)\"", span: only.span,
                    hint: Suggestions.hint(for: only.name, in: names)
                        ?? "reps: " + names.prefix(8).joined(separator: ", "))
            }
            shown = [r]
        }
        shown.sort { dict.values[$0] < dict.values[$1] }
        func series(_ r: Int, _ value: (Int) -> Double) -> String {
            (0..<q).map { k in
                let v = value(r * q + k)
                return v.isFinite ? Scalar.plainDouble(v) : ""
            }.joined(separator: " ")
        }
        let count = shown.count
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                VerbSupport.stringColumn(shown.map { dict.values[$0] }),
                VerbSupport.constantString(label(last - q + 1), count: count),
                VerbSupport.constantString(label(last), count: count),
                VerbSupport.intColumn(
                    shown.map { r in (0..<q).reduce(0) { $0 + stats.won[r * q + $1] + stats.lost[r * q + $1] } }),
                VerbSupport.stringColumn(shown.map { series($0) { stats.winRate($0) } }),
                VerbSupport.stringColumn(shown.map { series($0) { stats.avgWonValue($0) } }),
                VerbSupport.stringColumn(shown.map { series($0) { stats.avgCycleDays($0) } }),
            ], count: count)
    }
}

import PipeQCore
import PipeQStorage

/// `balance [summary] [by week|month|quarter|year]`: how evenly new deals arrive.
struct BalancePlan: VerbPlan {
    static let binder = VerbBinder(word: "balance") { input throws(Diagnostic) in try BalancePlan(input) }

    let unit: PeriodUnit
    let summary: Bool
    let created: Int
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        summary = try VerbSupport.options(input).contains("summary")
        unit = try PeriodUnit.parse(input, default: .week)
        created = try VerbSupport.require(
            .created, input, for: "when each deal was created", types: [.date, .timestamp])
        outputSchema =
            summary
            ? RelationSchema.plain([
                ("periods", .int), ("new_deals", .int), ("min", .int), ("avg", .double), ("max", .int), ("cv", .double),
            ])
            : RelationSchema.plain([(unit.rawValue, .date), ("new_deals", .int), ("vs_avg", .double)])
    }

    var explanation: String { "Balance of new deals by \(unit.rawValue) of created" + (summary ? " (summary)" : "") }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let (lo, counts) = Self.counts(
            VerbSupport.column(input, created), unit: unit, cancellation: context.cancellation)
        try context.checkCancelled()
        let periods = counts.count
        let total = counts.reduce(0, +)
        let mean = periods == 0 ? Double.nan : Double(total) / Double(periods)
        if summary {
            let cv = Self.cv(counts)
            let empty = periods == 0
            return VerbSupport.relation(
                outputSchema, keyFields: [],
                columns: [
                    VerbSupport.intColumn([Int64(periods)]),
                    VerbSupport.intColumn([total]),
                    VerbSupport.intColumn([counts.min() ?? 0], nullWhere: { _ in empty }),
                    VerbSupport.doubleColumn([mean]),
                    VerbSupport.intColumn([counts.max() ?? 0], nullWhere: { _ in empty }),
                    VerbSupport.doubleColumn([cv]),
                ], count: 1)
        }
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                Column(.date((0..<periods).map { unit.start(lo + $0) })),
                VerbSupport.intColumn(counts),
                VerbSupport.doubleColumn(counts.map { Double($0) / mean }),
            ], count: periods)
    }

    /// Deals per period of a date column, every period from the first to the last (empty ones 0); `lo` is the first's number.
    /// Empty or partial when `cancellation` trips (looked at every 16,384 rows).
    static func counts(_ column: Column, unit: PeriodUnit, cancellation: CancellationFlag = CancellationFlag()) -> (
        lo: Int, counts: [Int64]
    ) {
        let days = VerbSupport.days(column)
        guard let index = cancellation.array(count: column.count, { column.isNull($0) ? 0 : unit.index(days[$0]) })
        else { return (0, []) }
        var lo = Int.max
        var hi = Int.min
        for i in 0..<column.count where !column.isNull(i) {
            lo = min(lo, index[i])
            hi = max(hi, index[i])
        }
        let periods = lo <= hi ? hi - lo + 1 : 0
        var counts = [Int64](repeating: 0, count: periods)
        for i in 0..<column.count where !column.isNull(i) {
            if cancellation.shouldStop(i) { break }
            counts[index[i] - lo] += 1
        }
        return (lo, counts)
    }

    /// Sample standard deviation ÷ mean; NaN with fewer than 2 periods or a zero mean.
    static func cv(_ counts: [Int64]) -> Double {
        let periods = counts.count
        guard periods >= 2 else { return .nan }
        let mean = Double(counts.reduce(0, +)) / Double(periods)
        if mean == 0 { return .nan }
        var squares = 0.0
        for c in counts { squares += (Double(c) - mean) * (Double(c) - mean) }
        return (squares / Double(periods - 1)).squareRoot() / mean
    }
}

import PipeQCore
import PipeQStorage

/// `forecast [by week|month|quarter|year]`: open pipeline and weighted pipeline by expected close period.
struct ForecastPlan: VerbPlan {
    static let binder = VerbBinder(word: "forecast") { input throws(Diagnostic) in try ForecastPlan(input) }

    let unit: PeriodUnit
    let outcome: OutcomeSource
    let value: Int, closeDate: Int
    let probability: Int?
    /// Stage column and the stage probabilities, when the definitions have any.
    let stage: Int?
    let stages: StageDefinitions
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input)
        unit = try PeriodUnit.parse(input, default: .month)
        outcome = try VerbSupport.outcomeSource(input)
        value = try VerbSupport.require(.value, input, for: "each deal's value", types: [.int, .double])
        closeDate = try VerbSupport.require(
            .closeDate, input, for: "each deal's expected close date", types: [.date, .timestamp])
        probability = input.schema.index(role: .probability).flatMap {
            input.schema.fields[$0].type.isNumeric ? $0 : nil
        }
        stages = input.catalog.stages
        let stageIndex = input.schema.index(role: .stage).flatMap { input.schema.fields[$0].type == .string ? $0 : nil }
        stage = stages.stages.contains { $0.probability != nil } ? stageIndex : nil
        if probability == nil && stage == nil {
            throw Diagnostic(
                .bind, "forecast needs win probabilities: the input has no probability column and the stages have none",
                span: input.keywordSpan,
                hint:
                    "add a probability column (0–1) to the deals, or probability = 0.4 under each [[stage]] in pipeline.toml"
            )
        }
        outputSchema = RelationSchema.plain([
            (unit.rawValue, .date), ("deals", .int), ("pipeline", .double), ("weighted", .double),
        ])
    }

    var explanation: String {
        "Forecast by \(unit.rawValue) of close_date (open deals; probability from "
            + (probability != nil ? "the deal" + (stage != nil ? ", else its stage" : "") : "the stage") + ")"
    }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let n = input.count
        let status = outcome.codes(input)
        let valueColumn = VerbSupport.column(input, value)
        let values = VerbSupport.doubles(valueColumn)
        let closeColumn = VerbSupport.column(input, closeDate)
        let close = VerbSupport.days(closeColumn)
        // Probability per row: the deal's own, else the stage's, else NaN (adds nothing to weighted).
        var p = [Double](repeating: .nan, count: n)
        if let stage, let (codes, dict) = VerbSupport.column(input, stage).values.distinctStrings {
            let byCode = dict.values.map { stages.definition(named: $0)?.probability ?? .nan }
            let stageColumn = VerbSupport.column(input, stage)
            for i in 0..<n where !stageColumn.isNull(i) { p[i] = byCode[Int(codes[i])] }
        }
        if let probability {
            let column = VerbSupport.column(input, probability)
            let own = VerbSupport.doubles(column)
            let percent = (0..<n).contains { !column.isNull($0) && own[$0] > 1 }
            for i in 0..<n where !column.isNull(i) { p[i] = percent ? own[i] / 100 : own[i] }
        }
        var lo = Int.max
        var hi = Int.min
        var index = [Int](repeating: 0, count: n)
        for i in 0..<n where status[i] == OutcomeSource.open && !closeColumn.isNull(i) {
            index[i] = unit.index(close[i])
            lo = min(lo, index[i])
            hi = max(hi, index[i])
        }
        let periods = lo <= hi ? hi - lo + 1 : 0
        let rows = periods + 1  // the last row collects deals with no close date
        var deals = [Int64](repeating: 0, count: rows)
        var pipeline = [Double](repeating: 0, count: rows)
        var weighted = pipeline
        var valued = [Bool](repeating: false, count: rows)
        var weighed = valued
        for i in 0..<n where status[i] == OutcomeSource.open {
            let r = closeColumn.isNull(i) ? periods : index[i] - lo
            deals[r] += 1
            if valueColumn.isNull(i) { continue }
            pipeline[r] += values[i]
            valued[r] = true
            if p[i].isFinite {
                weighted[r] += values[i] * p[i]
                weighed[r] = true
            }
        }
        // Sums over deals that all lack a value (or a probability) are null, as SQL's sum is, not 0.
        for r in 0..<rows where deals[r] > 0 {
            if !valued[r] { pipeline[r] = .nan }
            if !weighed[r] { weighted[r] = .nan }
        }
        let count = deals[periods] > 0 ? rows : periods
        let starts = (0..<rows).map { $0 < periods ? unit.start(lo + $0) : 0 }
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                Column(.date(Array(starts.prefix(count))), nulls: NullBitmap.from(count: count) { $0 >= periods }),
                VerbSupport.intColumn(Array(deals.prefix(count))),
                VerbSupport.doubleColumn(Array(pipeline.prefix(count))),
                VerbSupport.doubleColumn(Array(weighted.prefix(count))),
            ], count: count)
    }
}

import PipeQCore
import PipeQStorage

/// `metrics`: pipeline health on one screen — quantity, quality, effectiveness and balance.
struct MetricsPlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(word: "metrics") { input throws(Diagnostic) in try MetricsPlan(input) }

    static let sections = ["quantity", "quality", "effectiveness", "balance"]

    let outcome: OutcomeSource
    let value: Int?, created: Int?, closeDate: Int?, stage: Int?, stageEntered: Int?, leadScore: Int?
    private(set) var funnel: FunnelPlan?
    private(set) var history: HistoryColumns?
    let stages: StageDefinitions
    let asOfDay: Int32
    let outputSchema = RelationSchema.plain([
        ("section", .string), ("metric", .string), ("value", .double), ("note", .string),
    ])
    .displaying(["value"], as: MetricDisplay.encoding)

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input)
        try VerbSupport.refuseKeys(input)
        outcome = try VerbSupport.outcomeSource(input)
        value = input.schema.index(role: .value, types: [.int, .double])
        created = input.schema.index(role: .created, types: [.date, .timestamp])
        closeDate = input.schema.index(role: .closeDate, types: [.date, .timestamp])
        stage = input.schema.index(role: .stage, types: [.string])
        stageEntered = input.schema.index(role: .stageEntered, types: [.date, .timestamp])
        leadScore = input.schema.index(role: .leadScore, types: [.int, .double])
        funnel = FunnelPlan(forDealsOf: input)
        history = HistoryColumns.find(input, needTimes: true).flatMap { $0.exitedAt == nil ? nil : $0 }
        stages = input.catalog.stages
        asOfDay = input.context.asOfDay
    }

    var explanation: String { "Metrics (pipeline health as of \(CivilTime.formatDate(Int(asOfDay))))" }

    /// The history, once: the funnel's and the stalled limits' are the same table.
    var sideInputs: [LogicalPlan] { history.map { [$0.plan] } ?? funnel?.sideInputs ?? [] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if let read = rows.first {
            plan.history = history?.reading(read)
            plan.funnel = funnel?.reading(read)
        }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let n = input.count
        let status = outcome.codes(input)
        var section: [String] = []
        var metric: [String] = []
        var values: [Double] = []
        var notes: [String] = []
        func add(_ s: String, _ m: String, _ v: Double, _ note: String = "") {
            section.append(s)
            metric.append(m)
            values.append(v)
            notes.append(note)
        }
        let noValue = "needs a value column"
        let noCreated = "needs a created column"
        let money = value.map { VerbSupport.column(input, $0) }
        let amounts = money.map { VerbSupport.doubles($0) }
        // Each pass over the deals looks at Ctrl-C every 16,384 rows (10M deals: ~20 ms a pass).
        let cancellation = context.cancellation
        var openCount = 0
        var openValue = 0.0
        var openValued = 0
        for i in 0..<n {
            if cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
            if status[i] != OutcomeSource.open { continue }
            openCount += 1
            if let money, let amounts, !money.isNull(i) {
                openValue += amounts[i]
                openValued += 1
            }
        }
        add("quantity", "open deals", Double(openCount))
        // Deals that all lack a value sum to null (as SQL's sum does), not 0.
        add(
            "quantity", "open value", money == nil || (openCount > 0 && openValued == 0) ? .nan : openValue,
            money == nil ? noValue : openCount > 0 && openValued == 0 ? "no open deal has a value" : "")
        let createdColumn = created.map { VerbSupport.column(input, $0) }
        let createdDays = createdColumn.map { VerbSupport.days($0) }
        for days in [30, 90] {
            var count = 0
            var worth = 0.0
            var valued = 0
            if let createdColumn, let createdDays {
                let first = asOfDay - Int32(days)
                for i in 0..<n {
                    if cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
                    guard !createdColumn.isNull(i) && createdDays[i] > first && createdDays[i] <= asOfDay else {
                        continue
                    }
                    count += 1
                    if let money, let amounts, !money.isNull(i) {
                        worth += amounts[i]
                        valued += 1
                    }
                }
            }
            add(
                "quantity", "new deals, last \(days) days", createdColumn == nil ? .nan : Double(count),
                createdColumn == nil ? noCreated : "")
            add(
                "quantity", "new value, last \(days) days",
                createdColumn == nil || money == nil || (count > 0 && valued == 0) ? .nan : worth,
                createdColumn == nil ? noCreated : money == nil ? noValue : "")
        }
        // Quality: stale share, as "stalled" decides it.
        if let stage, let stageEntered, let (codes, dict) = VerbSupport.column(input, stage).values.distinctStrings {
            let (limit, _) = StalledPlan.thresholds(
                dict, stages: stages, history: history, cancellation: context.cancellation)
            try context.checkCancelled()
            let stageColumn = VerbSupport.column(input, stage)
            let enteredColumn = VerbSupport.column(input, stageEntered)
            let entered = VerbSupport.Micros(enteredColumn)  // row by row: no 80 MB conversion between looks
            let asOf = Int64(asOfDay) * CivilTime.microsPerDay
            let day = Double(CivilTime.microsPerDay)
            var stale = 0
            for i in 0..<n {
                if cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
                guard status[i] == OutcomeSource.open && !stageColumn.isNull(i) && !enteredColumn.isNull(i) else {
                    continue
                }
                let threshold = limit[Int(codes[i])]
                if threshold.isFinite, Double(asOf - entered[i]) / day > threshold { stale += 1 }
            }
            let anyLimit = limit.contains { $0.isFinite }
            add(
                "quality", "stale share", anyLimit && openCount > 0 ? Double(stale) / Double(openCount) : .nan,
                anyLimit
                    ? "\(stale) of \(openCount) open deals past their stage's limit (see stalled)"
                    : "needs rotting_days per stage in pipeline.toml, or a history table with exited_at")
        } else {
            add("quality", "stale share", .nan, "needs stage and stage_entered columns")
        }
        try context.checkCancelled()
        if let leadScore {
            let column = VerbSupport.column(input, leadScore)
            let scores = VerbSupport.Doubles(column)  // row by row: no 80 MB conversion between looks
            var sum = 0.0
            var count = 0
            for i in 0..<n {
                if cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
                if status[i] == OutcomeSource.open && !column.isNull(i) {
                    sum += scores[i]
                    count += 1
                }
            }
            add("quality", "avg lead score", count == 0 ? .nan : sum / Double(count), "open deals")
        } else {
            add("quality", "avg lead score", .nan, "needs a lead_score column")
        }
        try context.checkCancelled()
        // Effectiveness.
        let groups = VerbGroups(ids: [Int32](repeating: 0, count: n), count: 1)
        let stats = try DealStats(
            input, DealStats.Columns(outcome: outcome, value: value, created: created, closeDate: closeDate),
            groups: groups, cancellation: context.cancellation)
        add(
            "effectiveness", "win rate", stats.winRate(0),
            "\(stats.won[0]) won of \(stats.won[0] + stats.lost[0]) closed")
        add(
            "effectiveness", "avg cycle days", stats.avgCycleDays(0),
            created == nil || closeDate == nil
                ? "needs created and close_date columns" : "won deals, created to close_date")
        try context.checkCancelled()
        if let funnel {
            let reached = try funnel.reach(input, groups: groups, context: context)
            for k in 1..<max(funnel.steps.count, 1) {
                add(
                    "effectiveness", "conversion to \(funnel.steps[k])",
                    reached[k - 1] == 0 ? .nan : Double(reached[k]) / Double(reached[k - 1]),
                    "\(reached[k]) of \(reached[k - 1])")
            }
        } else {
            add("effectiveness", "conversion", .nan, "needs the pipeline's stages and a history table or stage column")
        }
        try context.checkCancelled()
        if let createdColumn {
            let counts = Self.weeklyCounts(createdColumn, cancellation: cancellation)
            try context.checkCancelled()
            add(
                "balance", "weekly inflow cv", Self.cv(counts),
                "over \(counts.count) weeks of new deals (see balance summary)")
        } else {
            add("balance", "weekly inflow cv", .nan, noCreated)
        }
        let rows = metric.count
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                VerbSupport.labelColumn(
                    section.map { UInt32(Self.sections.firstIndex(of: $0) ?? 0) }, labels: Self.sections),
                VerbSupport.labelColumn((0..<rows).map { UInt32($0) }, labels: metric),
                VerbSupport.doubleColumn(values),
                VerbSupport.stringColumn(notes),
            ], count: rows)
    }

    /// Deals per week of a date column, every week from the first to the last (empty ones 0), as `balance` counts
    /// them. Empty or partial when `cancellation` trips (looked at every 16,384 rows).
    private static func weeklyCounts(_ column: Column, cancellation: CancellationFlag) -> [Int64] {
        let unit = PeriodUnit.week
        let days = VerbSupport.days(column)
        guard let index = cancellation.array(count: column.count, { column.isNull($0) ? 0 : unit.index(days[$0]) })
        else { return [] }
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
        return counts
    }

    /// Sample standard deviation ÷ mean; NaN with fewer than 2 periods or a zero mean (`balance summary`'s cv).
    private static func cv(_ counts: [Int64]) -> Double {
        let periods = counts.count
        guard periods >= 2 else { return .nan }
        let mean = Double(counts.reduce(0, +)) / Double(periods)
        if mean == 0 { return .nan }
        var squares = 0.0
        for c in counts { squares += (Double(c) - mean) * (Double(c) - mean) }
        return (squares / Double(periods - 1)).squareRoot() / mean
    }
}

extension MetricsPlan {
    var form: HistoryVerbForm? {
        .metrics(
            MetricsForm(
                outcome: outcome.expression, value: value, created: created, closeDate: closeDate, stage: stage,
                stageEntered: stageEntered, leadScore: leadScore, funnel: funnel?.funnelForm, history: history?.read,
                asOfDay: asOfDay, sections: Self.sections, outputSchema: outputSchema))
    }
}

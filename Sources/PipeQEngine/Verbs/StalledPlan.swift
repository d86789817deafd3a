import PipeQCore
import PipeQStorage

/// `stalled`: open deals sitting in their stage longer than the stage allows, worst first.
struct StalledPlan: VerbPlan {
    static let binder = VerbBinder(word: "stalled") { input throws(Diagnostic) in try StalledPlan(input) }

    let outcome: OutcomeSource
    let stage: Int
    let stageEntered: Int
    let value: Int?
    let stages: StageDefinitions
    private(set) var history: HistoryColumns?
    let asOfDay: Int32
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input)
        try VerbSupport.refuseKeys(input)
        outcome = try VerbSupport.outcomeSource(input)
        stage = try VerbSupport.require(.stage, input, for: "each deal's stage", types: [.string])
        stageEntered = try VerbSupport.require(
            .stageEntered, input, for: "when each deal entered its stage", types: [.date, .timestamp])
        value = input.schema.index(role: .value, types: [.int, .double])
        stages = input.catalog.stages
        history = HistoryColumns.find(input, needTimes: true).flatMap { $0.exitedAt == nil ? nil : $0 }
        if history == nil && !stages.stages.contains(where: { $0.rottingDays != nil }) {
            throw Diagnostic(
                .bind, "stalled needs a time limit per stage, and there is none", span: input.keywordSpan,
                hint: "set rotting_days = 30 under each [[stage]] in pipeline.toml, or load a history table "
                    + "(deal_id, stage, entered_at, exited_at) to use 2 × each stage's median stay")
        }
        asOfDay = input.context.asOfDay
        var schema = input.schema
        var taken = schema.fields.map(\.name)
        for (name, type) in [
            ("stage_age", DataType.duration), ("threshold", .duration), ("overdue", .duration), ("rule", .string),
        ] {
            let unique = UniqueName.take(name, &taken)
            schema.fields.append(.init(name: unique, type: type, info: ColumnInfo(name: unique)))
        }
        outputSchema = schema
    }

    var subjectColumns: [String] { [outputSchema.fields[stage].name] }

    var explanation: String {
        "Stalled (stage_age > rotting_days"
            + (history != nil ? ", else 2 × median stay in \(history!.table.name))" : ")")
    }

    var sideInputs: [LogicalPlan] { history.map { [$0.plan] } ?? [] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if let read = rows.first { plan.history = history?.reading(read) }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let n = input.count
        let status = outcome.codes(input)
        let stageColumn = VerbSupport.column(input, stage)
        guard let (codes, dict) = stageColumn.values.distinctStrings else { return input }
        let (limit, rule) = Self.thresholds(dict, stages: stages, history: history, cancellation: context.cancellation)
        try context.checkCancelled()
        let enteredColumn = VerbSupport.column(input, stageEntered)
        // Read row by row: no row-sized arrays (converting 10M dates to microseconds, or a 10M ages table,
        // is tens of milliseconds of filling before the first look at Ctrl-C).
        let entered = VerbSupport.Micros(enteredColumn)
        let asOf = Int64(asOfDay) * CivilTime.microsPerDay
        let day = Double(CivilTime.microsPerDay)
        func age(_ i: Int) -> Double { Double(asOf - entered[i]) / day }
        var picked: [Int32] = []
        for i in 0..<n {
            if context.cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
            guard status[i] == OutcomeSource.open && !stageColumn.isNull(i) && !enteredColumn.isNull(i) else {
                continue
            }
            let threshold = limit[Int(codes[i])]
            if threshold.isFinite, age(i) > threshold { picked.append(Int32(i)) }
        }
        let values = value.map { VerbSupport.doubles(VerbSupport.column(input, $0)) }
        let valueNulls = value.map { VerbSupport.column(input, $0).nulls } ?? nil
        func over(_ i: Int32) -> Double { age(Int(i)) - limit[Int(codes[Int(i)])] }
        func worth(_ i: Int32) -> Double {
            values.map { (valueNulls?.isNull(Int(i)) ?? false) ? -.infinity : $0[Int(i)] } ?? 0
        }
        try context.cancellation.sort(&picked) { a, b in
            let x = over(a)
            let y = over(b)
            if x != y { return x > y }
            let u = worth(a)
            let v = worth(b)
            if u != v { return u > v }
            return a < b
        }
        var out = input.reindexed(picked)
        let ages = picked.map { age(Int($0)) }
        let limits = picked.map { limit[Int(codes[Int($0)])] }
        let added = [
            VerbSupport.durationColumn(days: ages),
            VerbSupport.durationColumn(days: limits),
            VerbSupport.durationColumn(days: zip(ages, limits).map { $0 - $1 }),
            Column(
                .string(
                    codes: picked.map { rule[Int(codes[Int($0)])] },
                    StringDictionary(values: ["rotting_days", "2 × median stay"]))),
        ]
        for (k, column) in added.enumerated() {
            let info = outputSchema.fields[input.fields.count + k]
            out.fields.append(RelationField(name: info.name, info: info.info, column: column))
        }
        return out
    }

    /// Threshold per stage code, in days (NaN: none), and which rule gave it (0 rotting_days, 1 twice the history median).
    /// - Parameter cancellation: watched while the history's median stays are computed (a pass over every
    ///   history row, 38M at 10M deals); when it trips, the thresholds are partial and the caller's next check throws.
    static func thresholds(
        _ dict: StringDictionary, stages: StageDefinitions, history: HistoryColumns?,
        cancellation: CancellationFlag
    ) -> (limit: [Double], rule: [UInt32]) {
        let medians = history.map { Self.medianStays($0, cancellation: cancellation) } ?? [:]
        var limit = [Double](repeating: .nan, count: dict.count)
        var rule = [UInt32](repeating: 0, count: dict.count)
        for (code, name) in dict.values.enumerated() {
            if let days = stages.definition(named: name)?.rottingDays {
                limit[code] = Double(days)
            } else if let median = medians[name] {
                limit[code] = 2 * median
                rule[code] = 1
            }
        }
        return (limit, rule)
    }

    /// The median completed stay per stage name, in days, over the whole history table. Partial when
    /// `cancellation` trips: the pass over the history rows looks at it every 16,384 rows, the bucketing and
    /// the medians every 16,384 values (`Buckets`).
    static func medianStays(_ history: HistoryColumns, cancellation: CancellationFlag) -> [String: Double] {
        let stage = history.column(history.stage)
        guard let (codes, dict) = stage.values.distinctStrings, let e = history.enteredAt, let x = history.exitedAt
        else { return [:] }
        let entered = history.column(e)
        let exited = history.column(x)
        let a = VerbSupport.micros(entered)
        let b = VerbSupport.micros(exited)
        let day = Double(CivilTime.microsPerDay)
        let stageNulls = stage.nulls
        let enteredNulls = entered.nulls
        let exitedNulls = exited.nulls
        // Each row's bucket (its stage; -1: not a completed stay) and length, every row written in the
        // watched loop (uninitialised arrays: 38M rows' page faults fall inside it).
        var length: [Double] = []
        var stopped = false
        let bucket = [Int32].uninitialized(capacity: codes.count) { bucket, initialized in
            length = [Double].uninitialized(capacity: codes.count) { length, lengthInitialized in
                for i in 0..<codes.count {
                    if cancellation.shouldStop(i) {
                        stopped = true
                        break
                    }
                    if (stageNulls?.isNull(i) ?? false) || (enteredNulls?.isNull(i) ?? false)
                        || (exitedNulls?.isNull(i) ?? false)
                    {
                        bucket[i] = -1
                        length[i] = 0
                    } else {
                        bucket[i] = Int32(codes[i])
                        length[i] = Double(b[i] - a[i]) / day
                    }
                }
                lengthInitialized = codes.count  // all of them when it ran through; dropped unread when it stopped
            }
            initialized = codes.count
        }
        if stopped { return [:] }
        var buckets = Buckets(values: length, bucket: bucket, count: dict.count, cancellation: cancellation)
        var out: [String: Double] = [:]
        for code in 0..<dict.count where buckets.count(code) > 0 {
            if buckets.shouldStop(before: code) { return out }
            // one stage's median: a selection over its millions of stays
            out[dict.values[code]] = buckets.quantile(code, 0.5)
            if cancellation.wasCancelled { return out }
        }
        return out
    }
}

extension StalledPlan {
    var form: HistoryVerbForm? {
        .stalled(
            StalledForm(
                outcome: outcome.expression, stage: stage, stageEntered: stageEntered, value: value,
                history: history?.read, asOfDay: asOfDay, outputSchema: outputSchema))
    }
}

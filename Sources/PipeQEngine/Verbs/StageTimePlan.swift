import PipeQCore
import PipeQStorage

/// `stagetime [by …]`: how long deals stay in each open stage, from the stage history.
struct StageTimePlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(word: "stagetime") { input throws(Diagnostic) in try StageTimePlan(input) }

    enum Source: @unchecked Sendable {
        /// Input rows are deals: read the catalog's history for their ids.
        case deals(HistoryColumns, id: Int)
        /// Input rows are history rows.
        case history(dealId: Int, stage: Int, entered: Int, exited: Int?)
    }

    let keys: [NamedBoundExpr]
    private(set) var source: Source
    let stages: StageDefinitions
    let nowMicros: Int64
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input)
        if let h = HistoryColumns.inInput(input.schema) {
            source = .history(dealId: h.dealId, stage: h.stage, entered: h.entered, exited: h.exited)
        } else if let history = HistoryColumns.find(input, needTimes: true) {
            guard let id = input.schema.index(role: .id) else {
                throw Diagnostic(
                    .bind, "stagetime needs the deals' id to match them with the history", span: input.keywordSpan,
                    hint: "keep id before stagetime, or run it on the history table")
            }
            source = .deals(history, id: id)
        } else {
            throw Diagnostic(
                .bind, "stagetime needs a history table with deal_id, stage and entered_at columns, and there is none",
                span: input.keywordSpan, hint: HistoryColumns.missingHint)
        }
        stages = input.catalog.stages
        nowMicros = input.context.nowMicros
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(
            keys: keys,
            [
                ("stage", .string), ("stays", .int), ("deals", .int),
                ("avg_stay", .duration), ("median_stay", .duration), ("p90_stay", .duration),
            ])
    }

    var explanation: String {
        switch source {
        case .deals(let h, _):
            return "StageTime from \(h.table.name) rows of the input deals" + VerbSupport.keyNames(keys)
        case .history: return "StageTime over the input history rows" + VerbSupport.keyNames(keys)
        }
    }

    var sideInputs: [LogicalPlan] {
        if case .deals(let history, _) = source { return [history.plan] }
        return []
    }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if case .deals(let history, let id) = source, let read = rows.first {
            plan.source = .deals(history.reading(read), id: id)
        }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        // Per history row: its group (-1 = not counted), a dense deal number, stage codes and times.
        let rowGroup: [Int32]
        let dealTag: [Int32]
        let tagCount: Int
        let stage: Column
        let entered: Column
        let exited: Column?
        switch source {
        case .deals(let history, let id):
            guard
                let positions = DealKeys.positions(
                    of: history.column(history.dealId), in: VerbSupport.column(input, id),
                    cancellation: context.cancellation),
                let groupOfRow = Self.groups(
                    of: positions, groups.ids, below: groups.count, cancellation: context.cancellation)
            else { throw ExecutionContext.cancelled }
            rowGroup = groupOfRow
            dealTag = positions
            tagCount = input.count
            stage = history.column(history.stage)
            entered = history.column(history.enteredAt!)
            exited = history.exitedAt.map { history.column($0) }
        case .history(let d, let s, let e, let x):
            guard let dense = DealKeys.dense(VerbSupport.column(input, d), cancellation: context.cancellation) else {
                throw ExecutionContext.cancelled
            }
            (dealTag, tagCount) = dense
            // A row without a deal id is no deal's stay: not counted (its tag, -1, indexes nothing).
            let tags = dealTag
            let ids = groups.ids
            guard let groupOfRow = context.cancellation.array(count: tags.count, { tags[$0] < 0 ? -1 : ids[$0] }) else {
                throw ExecutionContext.cancelled
            }
            rowGroup = groupOfRow
            stage = VerbSupport.column(input, s)
            entered = VerbSupport.column(input, e)
            exited = x.map { VerbSupport.column(input, $0) }
        }
        try context.checkCancelled()
        guard
            let m = Self.measure(
                stage: stage, entered: entered, exited: exited, rowGroup: rowGroup, dealTag: dealTag,
                tagCount: tagCount,
                groupCount: groups.count, now: nowMicros, stages: stages, cancellation: context.cancellation)
        else {
            try context.checkCancelled()
            return Relation(fields: [], count: 0)
        }
        let s = m.labels.count
        let rows = groups.count * s
        let labels = m.labels
        let stays = m.stays
        let deals = m.deals
        let avg = m.avg
        let median = m.median
        let p90 = m.p90
        let labelCodes = (0..<rows).map { UInt32($0 % max(s, 1)) }
        return VerbSupport.relation(
            outputSchema, keyFields: groups.keyFields(repeating: s),
            columns: [
                VerbSupport.labelColumn(labelCodes, labels: labels),
                VerbSupport.intColumn(stays),
                VerbSupport.intColumn(deals),
                VerbSupport.durationColumn(days: avg),
                VerbSupport.durationColumn(days: median),
                VerbSupport.durationColumn(days: p90),
            ], count: rows)
    }

    /// Stays per (group, open stage): `rowGroup[h]` is history row h's group (-1 = not counted), `dealTag[h]` its deal number
    /// (below `tagCount`); open stays run to `now`. Rows are group-major over `labels` (the open stages in pipeline order).
    struct Measured {
        var labels: [String]
        var stays: [Int64], deals: [Int64]
        var avg: [Double], median: [Double], p90: [Double]
    }

    /// Nil also when `cancellation` is set while it works: every pass over the history rows looks at it once
    /// per 16,384 rows, and the statistics once per 16,384 values (`Buckets`).
    static func measure(
        stage: Column, entered: Column, exited: Column?, rowGroup: [Int32], dealTag: [Int32], tagCount: Int,
        groupCount: Int, now: Int64, stages: StageDefinitions, cancellation: CancellationFlag
    ) -> Measured? {
        guard let (codes, dict) = stage.values.distinctStrings else { return nil }
        // Open stages of this dictionary, in pipeline order (the dictionary's ranks).
        let labels = StageTimeForm.labels(dict, stages: stages)
        let step = Dictionary(labels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let stepOf = dict.values.map { step[$0] ?? -1 }
        let s = labels.count
        let n = codes.count
        let start = VerbSupport.micros(entered)
        let end = exited.map { VerbSupport.micros($0) }
        let day = Double(CivilTime.microsPerDay)
        let stageNulls = stage.nulls
        let enteredNulls = entered.nulls
        let exitedNulls = exited?.nulls
        // Each row's bucket (-1: not counted) and length in days, written for every row straight into
        // uninitialised memory (38M rows: their page faults fall inside this watched loop, not before it).
        var stopped = false
        var length: [Double] = []
        func lengths<C: DictionaryCode>(_ codes: [C]) -> [Int32] {
            [Int32].uninitialized(capacity: n) { bucket, initialized in
                length = [Double].uninitialized(capacity: n) { length, lengthInitialized in
                    codes.withUnsafeBufferPointer { code in
                        stepOf.withUnsafeBufferPointer { step in
                            rowGroup.withUnsafeBufferPointer { group in
                                for h in 0..<n {
                                    if cancellation.shouldStop(h) {
                                        stopped = true
                                        break
                                    }
                                    bucket[h] = -1
                                    length[h] = 0
                                    let g = group[h]
                                    if g < 0 { continue }
                                    let k = step[Int(code[h])]
                                    if k < 0 || (stageNulls?.isNull(h) ?? false) || (enteredNulls?.isNull(h) ?? false) {
                                        continue
                                    }
                                    let finish = end.map { (exitedNulls?.isNull(h) ?? false) ? now : $0[h] } ?? now
                                    length[h] = Double(finish - start[h]) / day
                                    bucket[h] = g * Int32(s) + k
                                }
                            }
                        }
                    }
                    lengthInitialized = n  // all n when it ran through; dropped unread when it stopped
                }
                initialized = n
            }
        }
        let bucket: [Int32]
        switch codes {
        case .u8(let c): bucket = lengths(c)
        case .u16(let c): bucket = lengths(c)
        case .u32(let c): bucket = lengths(c)
        }
        if stopped { return nil }
        let rows = groupCount * s
        var buckets = Buckets(values: length, bucket: bucket, count: rows, tags: dealTag, cancellation: cancellation)
        if cancellation.wasCancelled { return nil }
        var marks = [Int32](repeating: -1, count: tagCount)
        var stays = [Int64](repeating: 0, count: rows)
        var deals = stays
        var avg = [Double](repeating: .nan, count: rows)
        var median = avg
        var p90 = avg
        for r in 0..<rows {
            // Small buckets look once per 16,384 values between them, big ones inside each statistic.
            if buckets.shouldStop(before: r) { return nil }
            let c = buckets.count(r)
            stays[r] = Int64(c)
            if c == 0 { continue }
            // After each statistic: did it stop partway? (`wasCancelled` is not a look, so one Ctrl-C ends the
            // loop at once instead of each later statistic looking and stopping in turn.)
            deals[r] = Int64(buckets.distinctTags(r, marks: &marks))
            if cancellation.wasCancelled { return nil }
            avg[r] = buckets.sum(r) / Double(c)
            if cancellation.wasCancelled { return nil }
            median[r] = buckets.quantile(r, 0.5)
            if cancellation.wasCancelled { return nil }
            p90[r] = buckets.quantile(r, 0.9)
            if cancellation.wasCancelled { return nil }
        }
        return Measured(labels: labels, stays: stays, deals: deals, avg: avg, median: median, p90: p90)
    }

    /// Stays of the input deals' history rows, per group of the deals: the first `counted` groups (compare reads
    /// only the rep's and the team's, not everyone else's), all by default.
    static func measure(
        deals ids: Column, history: HistoryColumns, groups: VerbGroups, counted: Int? = nil, now: Int64,
        stages: StageDefinitions, cancellation: CancellationFlag
    ) -> Measured? {
        let counted = min(counted ?? groups.count, groups.count)
        guard
            let positions = DealKeys.positions(of: history.column(history.dealId), in: ids, cancellation: cancellation),
            let rowGroup = Self.groups(of: positions, groups.ids, below: counted, cancellation: cancellation)
        else { return nil }
        return measure(
            stage: history.column(history.stage), entered: history.column(history.enteredAt!),
            exited: history.exitedAt.map { history.column($0) }, rowGroup: rowGroup,
            dealTag: positions, tagCount: ids.count, groupCount: counted, now: now, stages: stages,
            cancellation: cancellation)
    }

    /// Each history row's group, from its deal's position (-1: not an input deal, or a group from `limit` on);
    /// nil when cancelled.
    private static func groups(
        of positions: [Int32], _ groupIDs: [Int32], below limit: Int, cancellation: CancellationFlag
    ) -> [Int32]? {
        let limit = Int32(limit)
        return groupIDs.withUnsafeBufferPointer { gid in
            cancellation.map(positions) { p -> Int32 in
                if p < 0 { return -1 }
                let g = gid[Int(p)]
                return g < limit ? g : -1
            }
        }
    }
}

extension StageTimePlan {
    var form: HistoryVerbForm? {
        let formSource: StageTimeForm.Source
        switch source {
        case .deals(let history, let id): formSource = .deals(history.read, id: id)
        case .history(let dealId, let stage, let entered, let exited):
            formSource = .history(dealId: dealId, stage: stage, entered: entered, exited: exited)
        }
        return .stageTime(
            StageTimeForm(keys: keys, source: formSource, nowMicros: nowMicros, outputSchema: outputSchema))
    }
}

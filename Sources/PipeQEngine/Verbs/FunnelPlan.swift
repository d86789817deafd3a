import PipeQCore
import PipeQStorage

/// `funnel [strict] [by …]`: how many deals reached each stage, in pipeline order.
struct FunnelPlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(word: "funnel") { input throws(Diagnostic) in try FunnelPlan(input) }

    enum Source: @unchecked Sendable {
        case history(HistoryColumns, id: Int)
        /// The input is history rows: their deal id, stage and (when there) entered_at columns.
        case historyRows(dealId: Int, stage: Int, entered: Int?)
        case current(stage: Int, outcome: OutcomeSource)
    }

    let keys: [NamedBoundExpr]
    let strict: Bool
    let steps: [String]
    /// Per-pipeline steps, when the stages belong to several pipelines and the rows say which.
    let scope: FunnelScope?
    private(set) var source: Source
    let outputSchema: RelationSchema

    /// The funnel's steps: the open stages in order, then the won stage(s); a name shared by several pipelines once.
    static func steps(_ stages: StageDefinitions) -> [String] {
        var names: [String] = []
        for s in stages.stages.filter({ $0.outcome == .open }) + stages.stages.filter({ $0.outcome == .won })
        where !names.contains(s.name) {
            names.append(s.name)
        }
        return names
    }

    /// The scope when the stages name several pipelines and `source`'s rows can say which pipeline they are in.
    static func scope(_ input: VerbBindingInput, steps: [String], keys: [NamedBoundExpr], source: Source)
        -> FunnelScope?
    {
        guard
            let scope = FunnelScope(stages: input.catalog.stages, mergedSteps: steps, schema: input.schema, keys: keys),
            scope.count <= 64
        else { return nil }
        if case .history(let history, _) = source, history.table.field(named: "pipeline")?.type == .string {
            return scope
        }
        return scope.inputPipeline == nil ? nil : scope
    }

    /// A plain funnel for other verbs (compare, metrics): history when there is one and the input has ids, else current
    /// stages; nil when neither is there or no stages are known.
    init?(forDealsOf input: VerbBindingInput) {
        steps = Self.steps(input.catalog.stages)
        guard !steps.isEmpty, steps.count <= 64 else { return nil }
        strict = false
        keys = []
        outputSchema = RelationSchema(fields: [])
        if let history = HistoryColumns.find(input, needTimes: false), let id = input.schema.index(role: .id) {
            source = .history(history, id: id)
        } else if let stage = input.schema.index(role: .stage), input.schema.fields[stage].type == .string,
            let outcome = try? VerbSupport.outcomeSource(input)
        {
            source = .current(stage: stage, outcome: outcome)
        } else {
            return nil
        }
        scope = Self.scope(input, steps: steps, keys: [], source: source)
    }

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        strict = try VerbSupport.options(input).contains("strict")
        steps = Self.steps(input.catalog.stages)
        guard !steps.isEmpty else {
            throw Diagnostic(
                .bind, "funnel needs the pipeline's stages in order, and none are known", span: input.keywordSpan,
                hint:
                    "list them in pipeline.toml as [[stage]] entries (name, outcome), or load a stage column or history table"
            )
        }
        guard steps.count <= 64 else {
            throw Diagnostic(
                .bind, "funnel handles up to 64 stages; the pipeline has \(steps.count)", span: input.keywordSpan)
        }
        keys = try VerbSupport.bindKeys(input)
        if let dealId = input.schema.index(role: .dealId) {
            guard let stage = input.schema.index(role: .stage), input.schema.fields[stage].type == .string else {
                throw Diagnostic(
                    .bind, "funnel over history rows needs their stage column", span: input.keywordSpan,
                    hint: "keep stage before funnel, or run it on the deals table: \"deals | funnel\"")
            }
            let onlyPipeline =
                keys.count == 1
                && FunnelScope(
                    stages: input.catalog.stages, mergedSteps: steps, schema: input.schema,
                    keys: keys)?.byPipeline == true
            guard input.keys.isEmpty || onlyPipeline else {
                throw Diagnostic(
                    .bind, "funnel by … groups deals, and history rows are not deals", span: input.keywordSpan,
                    hint: "run it on the deals table, e.g. \"deals | funnel by rep\"; it reads the history table itself"
                )
            }
            let entered = input.schema.index(role: .enteredAt, types: [.date, .timestamp])
            source = .historyRows(dealId: dealId, stage: stage, entered: entered)
        } else if let history = HistoryColumns.find(input, needTimes: false), let id = input.schema.index(role: .id) {
            source = .history(history, id: id)
        } else if let stage = input.schema.index(role: .stage), input.schema.fields[stage].type == .string {
            source = .current(stage: stage, outcome: try VerbSupport.outcomeSource(input))
        } else {
            let hasHistory = HistoryColumns.find(input.catalog, needTimes: false) != nil
            throw Diagnostic(
                .bind,
                hasHistory
                    ? "funnel needs the deals' id (to match the history) or stage column"
                    : "funnel needs a history table or the deals' stage column", span: input.keywordSpan,
                hint: hasHistory ? "keep id before funnel" : HistoryColumns.missingHint)
        }
        scope = Self.scope(input, steps: steps, keys: keys, source: source)
        outputSchema = VerbSupport.schema(
            keys: keys,
            [
                ("stage", .string), ("reached", .int), ("from_previous", .double),
                ("from_top", .double), ("drop_off", .int), ("source", .string),
            ]
        )
        .displaying(["from_previous", "from_top"], as: .rate)
    }

    /// Without groups, a funnel result draws as a funnel: stage, reached, and the share of the top.
    var presentation: Presentation? {
        guard keys.isEmpty, let label = outputSchema.index(of: "stage"), let value = outputSchema.index(of: "reached")
        else { return nil }
        return .funnel(
            label: label, value: value, ofTop: outputSchema.index(of: "from_top"),
            ofPrevious: outputSchema.index(of: "from_previous"), source: outputSchema.index(of: "source"))
    }

    var explanation: String {
        let from: String
        switch source {
        case .history(let h, _): from = "from \(h.table.name) rows"
        case .historyRows: from = "from the input's history rows"
        case .current: from = "from current stages"
        }
        let over = scope.map { "\($0.count) stages of \($0.pipelines.count) pipelines" } ?? "\(steps.count) stages"
        return "Funnel\(strict ? " strict" : "") over \(over) \(from)" + VerbSupport.keyNames(keys)
    }

    var sideInputs: [LogicalPlan] {
        if case .history(let history, _) = source { return [history.plan] }
        return []
    }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        try (rows.first.map { reading($0) } ?? self).run(input, context: context)
    }

    /// The same funnel over the history rows the executor produced for its side input.
    func reading(_ rows: Relation) -> FunnelPlan {
        var plan = self
        if case .history(let history, let id) = source { plan.source = .history(history.reading(rows), id: id) }
        return plan
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        // Each group's steps: every merged step, or (by pipeline) its pipeline's own steps.
        let reached: [Int64]
        let width: Int
        let shown: [[Int]]
        let labelOf: [Int]
        if let scope, scope.byPipeline, let field = scope.inputPipeline {
            reached = try reachScoped(input, groups: groups, scope: scope, context: context)
            width = scope.count
            let rowPipeline = scope.pipelineOfRows(VerbSupport.column(input, field))
            var groupPipeline = [Int32](repeating: -1, count: groups.count)
            for (r, g) in groups.ids.enumerated() where groupPipeline[Int(g)] < 0 {
                groupPipeline[Int(g)] = rowPipeline[r]
            }
            shown = groupPipeline.map { $0 < 0 ? [] : scope.steps(of: Int($0)) }
            labelOf = scope.merged
        } else {
            reached = try reach(input, groups: groups, context: context)
            width = steps.count
            shown = [[Int]](repeating: Array(0..<width), count: groups.count)
            labelOf = Array(0..<width)
        }
        let label: String
        switch source {
        case .history, .historyRows: label = "history"
        case .current: label = "current stage"
        }
        let rows = shown.reduce(0) { $0 + $1.count }
        var stepCodes = [UInt32](repeating: 0, count: rows)
        var counts = [Int64](repeating: 0, count: rows)
        var fromPrevious = [Double](repeating: .nan, count: rows)
        var fromTop = [Double](repeating: .nan, count: rows)
        var dropOff = [Int64](repeating: 0, count: rows)
        var firstRows: Set<Int> = []
        var r = 0
        for g in 0..<groups.count {
            guard let top = shown[g].first.map({ reached[g * width + $0] }) else { continue }
            firstRows.insert(r)
            for (j, k) in shown[g].enumerated() {
                let here = reached[g * width + k]
                stepCodes[r] = UInt32(labelOf[k])
                counts[r] = here
                if top > 0 { fromTop[r] = Double(here) / Double(top) }
                if j > 0 {
                    let previous = reached[g * width + shown[g][j - 1]]
                    if previous > 0 { fromPrevious[r] = Double(here) / Double(previous) }
                    dropOff[r] = previous - here
                }
                r += 1
            }
        }
        return VerbSupport.relation(
            outputSchema, keyFields: groups.keyFields(blocks: shown.map(\.count)),
            columns: [
                VerbSupport.labelColumn(stepCodes, labels: steps),
                VerbSupport.intColumn(counts),
                VerbSupport.doubleColumn(fromPrevious),
                VerbSupport.doubleColumn(fromTop),
                VerbSupport.intColumn(dropOff, nullWhere: { firstRows.contains($0) }),
                VerbSupport.constantString(label, count: rows),
            ], count: rows)
    }

    /// Deals reaching each step, per group (group-major: `reached[g * steps.count + k]`).
    func reach(_ input: Relation, groups: VerbGroups, context: ExecutionContext) throws(Diagnostic) -> [Int64] {
        if let scope {
            return scope.fold(
                try reachScoped(input, groups: groups, scope: scope, context: context), groups: groups.count,
                mergedCount: steps.count)
        }
        var reached = [Int64](repeating: 0, count: groups.count * steps.count)
        let firstStep = [Int](repeating: 0, count: steps.count)
        let stepOf: (Column, [Int32]?) -> [Int8] = { stage, _ in Self.stepOfRows(stage, steps: steps) }
        try count(
            input, groups: groups, width: steps.count, firstStep: firstStep, stepOf: stepOf, into: &reached,
            context: context)
        return reached
    }

    /// Deals reaching each of `scope`'s steps, per group (group-major over `scope.count`).
    func reachScoped(_ input: Relation, groups: VerbGroups, scope: FunnelScope, context: ExecutionContext)
        throws(Diagnostic) -> [Int64]
    {
        var reached = [Int64](repeating: 0, count: groups.count * scope.count)
        let stepOf: (Column, [Int32]?) -> [Int8] = { stage, pipeline in
            scope.stepOfRows(stage: stage, pipeline: pipeline ?? [Int32](repeating: -1, count: stage.count))
        }
        try count(
            input, groups: groups, width: scope.count, firstStep: scope.firstStep, stepOf: stepOf, into: &reached,
            context: context, scope: scope)
        return reached
    }

    /// Each row's step by its stage name (-1: not a step, or null).
    private static func stepOfRows(_ stage: Column, steps: [String]) -> [Int8] {
        guard let (codes, dict) = stage.values.distinctStrings else { return [Int8](repeating: -1, count: stage.count) }
        let stepIndex = Dictionary(steps.enumerated().map { ($1, Int8($0)) }, uniquingKeysWith: { a, _ in a })
        var out = codes.lookup(dict.values.map { stepIndex[$0] ?? -1 })
        if let nulls = stage.nulls { for i in 0..<out.count where nulls.isNull(i) { out[i] = -1 } }
        return out
    }

    /// Counts into `reached` (group-major over `width` steps) from the source. `stepOf` gives each row's step
    /// from its stage column and (with a scope) its pipeline; `firstStep[k]` is where step k's pipeline starts.
    private func count(
        _ input: Relation, groups: VerbGroups, width: Int, firstStep: [Int], stepOf: (Column, [Int32]?) -> [Int8],
        into reached: inout [Int64], context: ExecutionContext, scope: FunnelScope? = nil
    ) throws(Diagnostic) {
        let inputPipeline = scope.flatMap { s in s.inputPipeline.map { s.pipelineOfRows(VerbSupport.column(input, $0)) }
        }
        switch source {
        case .history(let history, let id):
            let ids = VerbSupport.column(input, id)
            guard
                let positions = DealKeys.positions(
                    of: history.column(history.dealId), in: ids, cancellation: context.cancellation)
            else {
                throw ExecutionContext.cancelled
            }
            // A history row's pipeline: the history's own pipeline column, else its deal's.
            var pipeline: [Int32]?
            if let scope, let column = history.table.field(named: "pipeline")?.column {
                pipeline = scope.pipelineOfRows(column)
            } else if let inputPipeline {
                pipeline = positions.map { $0 < 0 ? -1 : inputPipeline[Int($0)] }
            }
            try context.checkCancelled()
            let steps = stepOf(history.column(history.stage), pipeline)
            try countFromHistory(
                history, positions: positions, stepOfRow: steps, deals: ids.count, groups: groups, width: width,
                firstStep: firstStep, into: &reached, context: context)
        case .historyRows(let dealId, let stage, let entered):
            // The input rows are the history; their own deal ids are the deals. A row's deal is found at the id's first
            // row (DealKeys.positions: the first wins), so each deal is counted once, at that row.
            let ids = VerbSupport.column(input, dealId)
            var fields = [
                Field(ColumnInfo(name: "deal_id"), ids),
                Field(ColumnInfo(name: "stage"), VerbSupport.column(input, stage)),
            ]
            if let entered { fields.append(Field(ColumnInfo(name: "entered_at"), VerbSupport.column(input, entered))) }
            let rows = HistoryColumns(
                table: Table(name: "history", fields: fields), dealId: 0, stage: 1,
                enteredAt: entered == nil ? nil : 2, exitedAt: nil)
            guard let positions = DealKeys.positions(of: ids, in: ids, cancellation: context.cancellation) else {
                throw ExecutionContext.cancelled
            }
            try countFromHistory(
                rows, positions: positions, stepOfRow: stepOf(rows.column(1), inputPipeline), deals: ids.count,
                groups: groups, width: width, firstStep: firstStep, into: &reached, context: context)
        case .current(let stage, let outcome):
            // A lost deal counts at the first step of its pipeline (of the funnel without a scope).
            let first = inputPipeline.map { p in p.map { q in q < 0 ? -1 : scope!.steps(of: Int(q)).first ?? -1 } }
            countFromCurrent(
                stepOf(VerbSupport.column(input, stage), inputPipeline), outcome.codes(input), lostStep: first,
                groups: groups, width: width, firstStep: firstStep, into: &reached, cancellation: context.cancellation)
            try context.checkCancelled()
        }
    }

    /// Marks, per input deal, the steps it has history rows for (a 64-bit mask), then counts per group.
    /// `positions[h]` is history row h's deal (-1: not an input deal), `stepOfRow[h]` its step (-1: none).
    private func countFromHistory(
        _ history: HistoryColumns, positions: [Int32], stepOfRow: [Int8], deals n: Int, groups: VerbGroups,
        width s: Int, firstStep: [Int], into reached: inout [Int64], context: ExecutionContext
    ) throws(Diagnostic) {
        guard var masks = context.cancellation.array(repeating: UInt64(0), count: n) else {
            throw ExecutionContext.cancelled
        }
        // strict: the first time each deal entered each step (Int64.max = never, or no entered_at).
        var first: [Int64] = []
        var entered: [Int64] = []
        var enteredNulls: NullBitmap?
        if strict, let e = history.enteredAt {
            first = [Int64](repeating: .max, count: n * s)
            let column = history.column(e)
            entered = VerbSupport.micros(column)
            enteredNulls = column.nulls
        }
        let cancellation = context.cancellation
        // 38M history rows take ~0.1 s: a look at Ctrl-C per block of 16,384 rows, none inside one.
        let marked = positions.withUnsafeBufferPointer { pos in
            stepOfRow.withUnsafeBufferPointer { step in
                cancellation.forEachBlock(0..<pos.count) { block in
                    for h in block {
                        let p = Int(pos[h])
                        if p < 0 { continue }
                        let k = Int(step[h])
                        if k < 0 { continue }
                        masks[p] |= 1 << UInt64(k)
                        if !entered.isEmpty, !(enteredNulls?.isNull(h) ?? false) {
                            let slot = p * s + k
                            if entered[h] < first[slot] { first[slot] = entered[h] }
                        }
                    }
                }
            }
        }
        guard marked else { throw ExecutionContext.cancelled }
        for p in 0..<n {
            if cancellation.shouldStop(p) { throw ExecutionContext.cancelled }
            let mask = masks[p]
            if mask == 0 { continue }
            let base = Int(groups.ids[p]) * s
            if !strict {
                var m = mask
                while m != 0 {
                    let k = m.trailingZeroBitCount
                    reached[base + k] += 1
                    m &= m - 1
                }
                continue
            }
            // The run of steps reached from the top of the deal's pipeline, each first entered no earlier than the one before.
            var last = Int64.min
            let top = firstStep[mask.trailingZeroBitCount]
            var k = top
            while k < s, firstStep[k] == top, mask & (1 << UInt64(k)) != 0 {
                if !first.isEmpty {
                    let t = first[p * s + k]
                    if t != .max {
                        if t < last { break }
                        last = t
                    }
                }
                reached[base + k] += 1
                k += 1
            }
        }
    }

    /// A deal at step k reached the steps from its pipeline's first to k; a lost deal counts at the first step (of its
    /// pipeline: `lostStep`, per row); other stages are left out.
    /// Stops early (partial counts) when `cancellation` trips; it is looked at every 16,384 deals.
    private func countFromCurrent(
        _ stepOfRow: [Int8], _ outcome: [UInt8], lostStep: [Int]?, groups: VerbGroups, width s: Int,
        firstStep: [Int], into reached: inout [Int64], cancellation: CancellationFlag
    ) {
        for p in 0..<stepOfRow.count {
            if cancellation.shouldStop(p) { return }
            let base = Int(groups.ids[p]) * s
            var k = Int(stepOfRow[p])
            if k < 0 && outcome[p] == OutcomeSource.lost { k = lostStep?[p] ?? 0 }
            if k < 0 { continue }
            for j in firstStep[k]...k { reached[base + j] += 1 }
        }
    }
}

extension FunnelPlan {
    var form: HistoryVerbForm? { .funnel(funnelForm) }

    /// The funnel as `FunnelForm` (also inside the forms of compare and metrics).
    var funnelForm: FunnelForm {
        let formSource: FunnelForm.Source
        switch source {
        case .history(let history, let id): formSource = .history(history.read, id: id)
        case .historyRows(let dealId, let stage, let entered):
            formSource = .historyRows(dealId: dealId, stage: stage, entered: entered)
        case .current(let stage, let outcome): formSource = .current(stage: stage, outcome: outcome.expression)
        }
        var historyPipeline: Int?
        if case .history(let history, _) = source {
            historyPipeline = history.plan.schema.index(of: "pipeline")
        }
        let formScope = scope.map {
            FunnelForm.Scope(
                pipelines: $0.pipelines, stepPipeline: $0.stepPipeline, stepName: $0.stepName,
                firstStep: $0.firstStep, merged: $0.merged, inputPipeline: $0.inputPipeline,
                byPipeline: $0.byPipeline, historyPipeline: historyPipeline)
        }
        return FunnelForm(
            keys: keys, strict: strict, steps: steps, scope: formScope, source: formSource, outputSchema: outputSchema)
    }
}

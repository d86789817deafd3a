import PipeQCore
import PipeQStorage

/// `funnel [strict] [by …]`: how many deals reached each stage, in pipeline order.
struct FunnelPlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let definition = VerbDefinition(
        name: "funnel",
        usage: "funnel [strict] [by KEY, …]",
        definition: """
        One row per stage in pipeline order: the open stages, then the won stage (lost stages are not steps). \
        reached = deals that reached the stage; from_previous = reached ÷ the previous step's reached; \
        from_top = reached ÷ the first step's reached; drop_off = previous reached − reached. \
        source says where "reached" comes from. With a history table (deal_id, stage): "history" — a deal reached \
        every stage it has a history row for; only the input's deals count (matched on id), so "where" before funnel works. \
        Without one: "current stage" — a deal at step k reached steps 1…k, and a lost deal (whose last open stage is unknown) \
        counts at the first step only. "strict" counts a deal at a step only if it also reached every earlier step, \
        first entering each no earlier than the one before (from history; with current stages every deal is already in order), \
        so strict counts never increase down the funnel. With "by", one block of rows per group, keys taken from the deals. \
        On the history table itself ("history | funnel", also after a "where" on it) the deals are the distinct deal ids \
        of the input rows, each reaching the stages it has rows for there; "by" is for the deals table.
        """,
        bind: { input throws(Diagnostic) in try FunnelPlan(input) })

    enum Source: @unchecked Sendable {
        case history(HistoryColumns, id: Int)
        /// The input is history rows: their deal id, stage and (when there) entered_at columns.
        case historyRows(dealId: Int, stage: Int, entered: Int?)
        case current(stage: Int, outcome: OutcomeSource)
    }

    let keys: [NamedBoundExpr]
    let strict: Bool
    let steps: [String]
    let source: Source
    let outputSchema: RelationSchema

    /// The funnel's steps: the open stages in order, then the won stage(s).
    static func steps(_ stages: StageDefinitions) -> [String] {
        stages.stages.filter { $0.outcome == .open }.map(\.name) + stages.stages.filter { $0.outcome == .won }.map(\.name)
    }

    /// A plain funnel for other verbs (compare, metrics): history when there is one and the input has ids, else current
    /// stages; nil when neither is there or no stages are known.
    init?(forDealsOf input: VerbBindingInput) {
        steps = Self.steps(input.catalog.stages)
        guard !steps.isEmpty, steps.count <= 64 else { return nil }
        strict = false
        keys = []
        outputSchema = RelationSchema(fields: [])
        if let history = HistoryColumns.find(input.catalog, needTimes: false), let id = input.schema.index(role: .id) {
            source = .history(history, id: id)
        } else if let stage = input.schema.index(role: .stage), input.schema.fields[stage].type == .string,
                  let outcome = try? VerbSupport.outcomeSource(input) {
            source = .current(stage: stage, outcome: outcome)
        } else {
            return nil
        }
    }

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        strict = try VerbSupport.options(input, allowed: ["strict"]).contains("strict")
        steps = Self.steps(input.catalog.stages)
        guard !steps.isEmpty else {
            throw Diagnostic(.bind, "funnel needs the pipeline's stages in order, and none are known", span: input.keywordSpan,
                             hint: "list them in pipeline.toml as [[stage]] entries (name, outcome), or load a stage column or history table")
        }
        guard steps.count <= 64 else {
            throw Diagnostic(.bind, "funnel handles up to 64 stages; the pipeline has \(steps.count)", span: input.keywordSpan)
        }
        if let dealId = input.schema.index(role: .dealId) {
            guard let stage = input.schema.index(role: .stage), input.schema.fields[stage].type == .string else {
                throw Diagnostic(.bind, "funnel over history rows needs their stage column", span: input.keywordSpan,
                                 hint: "keep stage before funnel, or run it on the deals table: \"deals | funnel\"")
            }
            guard input.keys.isEmpty else {
                throw Diagnostic(.bind, "funnel by … groups deals, and history rows are not deals", span: input.keywordSpan,
                                 hint: "run it on the deals table, e.g. \"deals | funnel by rep\"; it reads the history table itself")
            }
            let entered = input.schema.index(role: .enteredAt).flatMap { input.schema.fields[$0].type.isTemporal ? $0 : nil }
            source = .historyRows(dealId: dealId, stage: stage, entered: entered)
        } else if let history = HistoryColumns.find(input.catalog, needTimes: false), let id = input.schema.index(role: .id) {
            source = .history(history, id: id)
        } else if let stage = input.schema.index(role: .stage), input.schema.fields[stage].type == .string {
            source = .current(stage: stage, outcome: try VerbSupport.outcomeSource(input))
        } else {
            let hasHistory = HistoryColumns.find(input.catalog, needTimes: false) != nil
            throw Diagnostic(.bind, hasHistory ? "funnel needs the deals' id (to match the history) or stage column"
                                               : "funnel needs a history table or the deals' stage column", span: input.keywordSpan,
                             hint: hasHistory ? "keep id before funnel" : HistoryColumns.missingHint)
        }
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(keys: keys, [("stage", .string), ("reached", .int), ("from_previous", .double),
                                                       ("from_top", .double), ("drop_off", .int), ("source", .string)])
    }

    /// Without groups, a funnel result draws as a funnel: stage, reached, and the share of the top.
    var presentation: Presentation? {
        keys.isEmpty ? .funnel(label: 0, value: 1, ofTop: 3, ofPrevious: 2, source: 5) : nil
    }

    var explanation: String {
        let from: String
        switch source {
        case .history(let h, _): from = "from \(h.table.name) rows"
        case .historyRows: from = "from the input's history rows"
        case .current: from = "from current stages"
        }
        return "Funnel\(strict ? " strict" : "") over \(steps.count) stages \(from)" + VerbSupport.keyNames(keys)
    }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        let s = steps.count
        let reached = try reach(input, groups: groups, context: context)
        let label: String
        switch source {
        case .history, .historyRows: label = "history"
        case .current: label = "current stage"
        }
        let rows = groups.count * s
        var stepCodes = [UInt32](repeating: 0, count: rows)
        var fromPrevious = [Double](repeating: .nan, count: rows)
        var fromTop = [Double](repeating: .nan, count: rows)
        var dropOff = [Int64](repeating: 0, count: rows)
        for g in 0..<groups.count {
            let top = reached[g * s]
            for k in 0..<s {
                let r = g * s + k
                stepCodes[r] = UInt32(k)
                if top > 0 { fromTop[r] = Double(reached[r]) / Double(top) }
                if k > 0 {
                    let previous = reached[r - 1]
                    if previous > 0 { fromPrevious[r] = Double(reached[r]) / Double(previous) }
                    dropOff[r] = previous - reached[r]
                }
            }
        }
        return VerbSupport.relation(outputSchema, keyFields: groups.keyFields(repeating: s), columns: [
            VerbSupport.labelColumn(stepCodes, labels: steps),
            VerbSupport.intColumn(reached),
            VerbSupport.doubleColumn(fromPrevious),
            VerbSupport.doubleColumn(fromTop),
            VerbSupport.intColumn(dropOff, nullWhere: { $0 % s == 0 }),
            VerbSupport.constantString(label, count: rows),
        ], count: rows)
    }

    /// Deals reaching each step, per group (group-major: `reached[g * steps.count + k]`).
    func reach(_ input: Relation, groups: VerbGroups, context: ExecutionContext) throws(Diagnostic) -> [Int64] {
        var reached = [Int64](repeating: 0, count: groups.count * steps.count)
        switch source {
        case .history(let history, let id):
            try countFromHistory(history, ids: VerbSupport.column(input, id), groups: groups, into: &reached, context: context)
        case .historyRows(let dealId, let stage, let entered):
            // The input rows are the history; their own deal ids are the deals. A row's deal is found at the id's first
            // row (DealKeys.positions: the first wins), so each deal is counted once, at that row.
            let ids = VerbSupport.column(input, dealId)
            var fields = [Field(ColumnInfo(name: "deal_id"), ids), Field(ColumnInfo(name: "stage"), VerbSupport.column(input, stage))]
            if let entered { fields.append(Field(ColumnInfo(name: "entered_at"), VerbSupport.column(input, entered))) }
            let rows = HistoryColumns(table: Table(name: "history", fields: fields), dealId: 0, stage: 1,
                                      enteredAt: entered == nil ? nil : 2, exitedAt: nil)
            try countFromHistory(rows, ids: ids, groups: groups, into: &reached, context: context)
        case .current(let stage, let outcome):
            countFromCurrent(VerbSupport.column(input, stage), outcome.codes(input), groups: groups, into: &reached)
        }
        return reached
    }

    /// Marks, per input deal, the steps it has history rows for (a 64-bit mask), then counts per group.
    private func countFromHistory(_ history: HistoryColumns, ids: Column, groups: VerbGroups, into reached: inout [Int64],
                                  context: ExecutionContext) throws(Diagnostic) {
        let s = steps.count
        let n = ids.count
        let positions = DealKeys.positions(of: history.column(history.dealId), in: ids)
        try context.checkCancelled()
        let stageColumn = history.column(history.stage)
        guard let (codes, dict) = stageColumn.values.distinctStrings else { return }
        let stepIndex = Dictionary(steps.enumerated().map { ($1, Int8($0)) }, uniquingKeysWith: { a, _ in a })
        let stepOf: [Int8] = dict.values.map { stepIndex[$0] ?? -1 }
        var masks = [UInt64](repeating: 0, count: n)
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
        let stageNulls = stageColumn.nulls
        let stepOfRow = codes.lookup(stepOf)
        positions.withUnsafeBufferPointer { pos in
            stepOfRow.withUnsafeBufferPointer { step in
                for h in 0..<pos.count {
                    let p = Int(pos[h])
                    if p < 0 { continue }
                    let k = Int(step[h])
                    if k < 0 || (stageNulls?.isNull(h) ?? false) { continue }
                    masks[p] |= 1 << UInt64(k)
                    if !entered.isEmpty, !(enteredNulls?.isNull(h) ?? false) {
                        let slot = p * s + k
                        if entered[h] < first[slot] { first[slot] = entered[h] }
                    }
                }
            }
        }
        for p in 0..<n {
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
            // The run of steps reached from the top, each first entered no earlier than the one before.
            var last = Int64.min
            var k = 0
            while k < s, mask & (1 << UInt64(k)) != 0 {
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

    /// A deal at step k reached steps 0…k; a lost deal counts at the first step; other stages are left out.
    private func countFromCurrent(_ stage: Column, _ outcome: [UInt8], groups: VerbGroups, into reached: inout [Int64]) {
        let s = steps.count
        guard let (codes, dict) = stage.values.distinctStrings else { return }
        let stepIndex = Dictionary(steps.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let stepOf: [Int] = dict.values.map { stepIndex[$0] ?? -1 }
        for p in 0..<codes.count {
            let base = Int(groups.ids[p]) * s
            var k = stage.isNull(p) ? -1 : stepOf[Int(codes[p])]
            if k < 0 && outcome[p] == OutcomeSource.lost { k = 0 }
            if k < 0 { continue }
            for j in 0...k { reached[base + j] += 1 }
        }
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `compare REP`: one rep beside their team, metric by metric, with the stage they lose most at flagged.
struct ComparePlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(word: "compare") { input throws(Diagnostic) in try ComparePlan(input) }

    let name: String
    let nameSpan: SourceSpan
    let rep: Int
    let team: Int?
    let reps: (rep: Column, team: Column)?
    let columns: DealStats.Columns
    private(set) var funnel: FunnelPlan?
    private(set) var stageTime: (HistoryColumns, id: Int)?
    let stages: StageDefinitions
    let nowMicros: Int64
    let outputSchema = RelationSchema.plain([
        ("metric", .string), ("rep", .double), ("team", .double), ("difference", .double), ("note", .string),
    ])
    .displaying(["rep", "team", "difference"], as: MetricDisplay.encoding)

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        try VerbSupport.refuseKeys(input)
        rep = try VerbSupport.require(.rep, input, for: "each deal's rep", types: [.string])
        guard
            let (name, span) = try RepOperand.read(
                input, shape: "compare \"NAME\" or compare rep = \"NAME\"", repColumn: rep, leadingFor: false)
        else {
            throw Diagnostic(.bind, "compare needs a rep", span: input.keywordSpan, hint: "e.g. compare \"Ana Ruiz\"")
        }
        self.name = name
        nameSpan = span
        team =
            input.schema.index(role: .team, types: [.string])
            ?? input.schema.index(of: "team").flatMap { input.schema.fields[$0].type == .string ? $0 : nil }
        if team == nil, let table = input.catalog.table(role: .reps), let r = table.fieldIndex(role: .rep),
            let t = table.fieldIndex(role: .team),
            table.fields[r].type == .string, table.fields[t].type == .string
        {
            reps = (table.fields[r].column, table.fields[t].column)
        } else {
            reps = nil
        }
        columns = try DealStats.columns(of: input)
        funnel = FunnelPlan(forDealsOf: input)
        if let history = HistoryColumns.find(input, needTimes: true), let id = input.schema.index(role: .id) {
            stageTime = (history, id)
        } else {
            stageTime = nil
        }
        stages = input.catalog.stages
        nowMicros = input.context.nowMicros
    }

    var explanation: String { "Compare \"\(name)\" with the team" }

    /// The rep's code in the rep column's (distinct) dictionary: the name as given, else ignoring case; an unknown
    /// rep is an error with the nearest names.
    static func code(of name: String, in dict: StringDictionary, span: SourceSpan) throws(Diagnostic) -> Int {
        if let c = dict.code(of: name) { return Int(c) }
        if let c = dict.values.indices.first(where: { dict.values[$0].lowercased() == name.lowercased() }) { return c }
        throw Diagnostic(
            .execute, "unknown rep \"\(name)\"", span: span,
            hint: Suggestions.hint(for: name, in: dict.values) ?? "reps: "
                + dict.values.prefix(8).joined(separator: ", "))
    }

    /// Each rep's team from the reps table (a later row wins), when the deals have no team column.
    var repTeams: [String: String]? {
        guard let reps, let (rc, rd) = reps.rep.values.distinctStrings, let (tc, td) = reps.team.values.distinctStrings
        else { return nil }
        var teamOf: [String: String] = [:]
        for i in 0..<reps.rep.count where !reps.rep.isNull(i) && !reps.team.isNull(i) {
            teamOf[rd.values[Int(rc[i])]] = td.values[Int(tc[i])]
        }
        return teamOf
    }

    var form: HistoryVerbForm? {
        .compare(
            CompareForm(
                name: name, nameSpan: nameSpan, rep: rep, team: team, repTeams: repTeams,
                outcome: columns.outcome.expression, value: columns.value, created: columns.created,
                closeDate: columns.closeDate, funnel: funnel?.funnelForm,
                stageTime: stageTime.map { ($0.0.read, $0.id) },
                nowMicros: nowMicros, outputSchema: outputSchema))
    }

    /// The history, once: the funnel's and the stage times' are the same table.
    var sideInputs: [LogicalPlan] { stageTime.map { [$0.0.plan] } ?? funnel?.sideInputs ?? [] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if let read = rows.first {
            plan.stageTime = stageTime.map { ($0.0.reading(read), $0.id) }
            plan.funnel = funnel?.reading(read)
        }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let repColumn = VerbSupport.column(input, rep)
        guard let (repCodes, dict) = repColumn.values.distinctStrings else { return Relation(fields: [], count: 0) }
        let code = try Self.code(of: name, in: dict, span: nameSpan)
        let repName = dict.values[code]
        let n = input.count
        // Which rep codes are the team (besides the rep), and how the team is named.
        var member = [Bool](repeating: true, count: dict.count)
        var teamOfRow: (codes: DictionaryCodes, column: Column, value: UInt32)?
        var label = "everyone else"
        if let team {
            let column = VerbSupport.column(input, team)
            if let (teamCodes, teamDict) = column.values.distinctStrings {
                var votes = [Int](repeating: 0, count: teamDict.count)
                for i in 0..<n where Int(repCodes[i]) == code && !repColumn.isNull(i) && !column.isNull(i) {
                    if context.cancellation.shouldStop(i) { break }
                    votes[Int(teamCodes[i])] += 1
                }
                try context.checkCancelled()
                if let best = votes.indices.max(by: { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }),
                    votes[best] > 0
                {
                    teamOfRow = (teamCodes, column, UInt32(best))
                    label = "team " + teamDict.values[best]
                }
            }
        } else if let teamOf = repTeams {
            if let mine = teamOf[repName] {
                member = dict.values.map { teamOf[$0] == mine }
                label = "team " + mine
            }
        }
        var ids = [Int32](repeating: 2, count: n)
        var otherReps = [Bool](repeating: false, count: dict.count)
        func assign(team: Bool) {
            for i in 0..<n where !repColumn.isNull(i) {
                if context.cancellation.shouldStop(i) { return }  // the check after the call throws
                let r = Int(repCodes[i])
                if r == code {
                    ids[i] = 0
                    continue
                }
                if team, let t = teamOfRow {
                    if t.column.isNull(i) || t.codes[i] != t.value { continue }
                } else if team, !member[r] {
                    continue
                }
                ids[i] = 1
                otherReps[r] = true
            }
        }
        try context.checkCancelled()
        assign(team: true)
        try context.checkCancelled()
        if !otherReps.contains(true), label != "everyone else" {
            // Nobody else on the team has deals here: compare with everyone else instead.
            label = "everyone else (no one else in \(label) has deals)"
            assign(team: false)
            try context.checkCancelled()
        }
        let teamReps = Double(otherReps.filter { $0 }.count)
        let groups = VerbGroups(ids: ids, count: 3)
        let stats = try DealStats(input, columns, groups: groups, cancellation: context.cancellation)

        var metric: [String] = []
        var mine: [Double] = []
        var theirs: [Double] = []
        var notes: [String] = []
        func add(_ m: String, _ a: Double, _ b: Double, _ note: String = "") {
            metric.append(m)
            mine.append(a)
            theirs.append(b)
            notes.append(note)
        }
        let perRep = teamReps > 0 ? teamReps : .nan
        add(
            "deals", Double(stats.open[0] + stats.won[0] + stats.lost[0]),
            Double(stats.open[1] + stats.won[1] + stats.lost[1]) / perRep,
            "\(repName) vs \(label): \(Int(teamReps)) other rep\(teamReps == 1 ? "" : "s"); team counts per rep")
        add("open deals", Double(stats.open[0]), Double(stats.open[1]) / perRep)
        add("win rate", stats.winRate(0), stats.winRate(1))
        let noValue = columns.value == nil ? "needs a value column" : ""
        let noCycle = columns.created == nil || columns.closeDate == nil ? "needs created and close_date columns" : ""
        add("avg deal size", stats.avgWonValue(0), stats.avgWonValue(1), noValue)
        add("avg cycle days", stats.avgCycleDays(0), stats.avgCycleDays(1), noCycle)
        add(
            "velocity per month", stats.velocity(0, perDays: 30), stats.velocity(1, perDays: 30) / perRep,
            [noValue, noCycle].filter { !$0.isEmpty }.joined(separator: "; "))
        try context.checkCancelled()
        var conversionRows: [Int] = []
        if let funnel {
            let reached = try funnel.reach(input, groups: groups, context: context)
            let s = funnel.steps.count
            for k in 1..<max(s, 1) {
                func rate(_ g: Int) -> Double {
                    reached[g * s + k - 1] == 0 ? .nan : Double(reached[g * s + k]) / Double(reached[g * s + k - 1])
                }
                conversionRows.append(metric.count)
                add("conversion to \(funnel.steps[k])", rate(0), rate(1))
            }
        } else {
            add("conversion", .nan, .nan, "needs the pipeline's stages and a history table or stage column")
        }
        if let (history, id) = stageTime,
            let m = StageTimePlan.measure(
                deals: VerbSupport.column(input, id), history: history, groups: groups, counted: 2, now: nowMicros,
                stages: stages, cancellation: context.cancellation)
        {
            let s = m.labels.count
            for k in 0..<s { add("days in \(m.labels[k])", m.avg[k], m.avg[s + k]) }
        } else {
            add("days in stage", .nan, .nan, "needs a history table with deal_id, stage and entered_at")
        }
        try context.checkCancelled()
        let difference = zip(mine, theirs).map { $0 - $1 }
        if let worst = conversionRows.filter({ difference[$0].isFinite && difference[$0] < 0 }).min(by: {
            difference[$0] < difference[$1]
        }) {
            notes[worst] = "← biggest gap"
        }
        let rows = metric.count
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                VerbSupport.labelColumn((0..<rows).map { UInt32($0) }, labels: metric),
                VerbSupport.doubleColumn(mine),
                VerbSupport.doubleColumn(theirs),
                VerbSupport.doubleColumn(difference),
                VerbSupport.stringColumn(notes),
            ], count: rows)
    }
}

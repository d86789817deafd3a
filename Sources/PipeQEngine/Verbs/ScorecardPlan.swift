import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `scorecard [by team] [for REP]`: every rep against the team, metric by metric — the rep's value, the team's
/// median, the rep's rank, and the metric furthest below the team flagged. Long format (one row per rep and metric):
/// the metrics vary with the pipeline (one per funnel step and open stage), and a rep's card reads top to bottom.
/// Each metric comes from the verb that defines it: DealStats (compare, metrics), FunnelPlan, StageTimePlan, and
/// attainment and coverage run as their own lowered plans over the same input (side inputs).
struct ScorecardPlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(
        word: "scorecard",
        lower: { input, plan throws(Diagnostic) in
            guard case .word(let w, _)? = input.arguments.first, w.lowercased() == "trend" else {
                return .verb(plan, try ScorecardPlan(input, plan))
            }
            var rest = input
            rest.arguments.removeFirst()
            return .verb(plan, try ScorecardTrendPlan(rest, only: try rep(rest)))
        })

    let rep: Int
    let only: (name: String, span: SourceSpan)?
    let keys: [NamedBoundExpr]
    let columns: DealStats.Columns
    private(set) var funnel: FunnelPlan?
    private(set) var stageTime: (HistoryColumns, id: Int)?
    /// attainment and coverage by rep over the verb's input, when there are quotas.
    let quotaPlans: [LogicalPlan]
    let stages: StageDefinitions
    let nowMicros: Int64
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) {
        rep = try VerbSupport.require(.rep, input, for: "each deal's rep", types: [.string])
        keys = try VerbSupport.bindKeys(input)
        guard keys.count <= 1 else {
            throw Diagnostic(
                .bind, "scorecard groups by one team column", span: input.keys[1].expr.span,
                hint: "usage: " + VerbSupport.usage("scorecard"))
        }
        only = try Self.rep(input)
        columns = try DealStats.columns(of: input)
        funnel = FunnelPlan(forDealsOf: input)
        if let history = HistoryColumns.find(input, needTimes: true), let id = input.schema.index(role: .id) {
            stageTime = (history, id)
        } else {
            stageTime = nil
        }
        var byRep = input
        byRep.arguments = []
        byRep.keys = [NamedExpr(expr: Expr(.column(input.schema.fields[rep].name), input.keywordSpan))]
        if QuotaSource.find(input.catalog) != nil {
            byRep.name = "attainment"
            let attainment = try AttainmentVerb.lower(byRep, plan)
            byRep.name = "coverage"
            quotaPlans = [attainment, try CoverageVerb.lower(byRep, plan)]
        } else {
            quotaPlans = []
        }
        stages = input.catalog.stages
        nowMicros = input.context.nowMicros
        outputSchema = VerbSupport.schema(
            keys: keys,
            [
                ("rep", .string), ("metric", .string), ("value", .double), ("team_median", .double),
                ("rank", .int), ("of", .int), ("flag", .string),
            ]
        ).displaying(["value", "team_median"], as: MetricDisplay.encoding)
    }

    /// `for NAME`, `"NAME"` or `rep = "NAME"`: the one rep whose card to show (ranked against everyone all the same).
    static func rep(_ input: VerbBindingInput) throws(Diagnostic) -> (name: String, span: SourceSpan)? {
        try RepOperand.read(input, shape: "scorecard for \"NAME\"", repColumn: nil, leadingFor: true)
    }

    var explanation: String {
        "Scorecard of every rep against the team" + VerbSupport.keyNames(keys)
            + (only.map { " for \"\($0.name)\"" } ?? "")
    }

    var form: HistoryVerbForm? {
        .scorecard(
            ScorecardForm(
                rep: rep, only: only, keys: keys, outcome: columns.outcome.expression, value: columns.value,
                created: columns.created, closeDate: columns.closeDate, funnel: funnel?.funnelForm,
                stageTime: stageTime.map { ($0.0.read, $0.id) }, quotaPlans: quotaPlans, nowMicros: nowMicros,
                outputSchema: outputSchema))
    }

    var sideInputs: [LogicalPlan] {
        quotaPlans + (stageTime.map { [$0.0.plan] } ?? funnel?.sideInputs ?? [])
    }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        let quotas = Array(rows.prefix(quotaPlans.count))
        if let read = rows.dropFirst(quotaPlans.count).first {
            plan.stageTime = stageTime.map { ($0.0.reading(read), $0.id) }
            plan.funnel = funnel?.reading(read)
        }
        return try plan.run(input, quotas: quotas, context: context)
    }

    /// One metric: its name, which way is better, and each rep's value (by rep group).
    struct Metric {
        var name: String
        var higherIsBetter: Bool
        var values: [Double]
    }

    private func run(_ input: Relation, quotas: [Relation], context: ExecutionContext) throws(Diagnostic) -> Relation {
        let repColumn = VerbSupport.column(input, rep)
        guard let (repCodes, dict) = repColumn.values.distinctStrings else { return Relation(fields: [], count: 0) }
        let n = input.count
        let reps = dict.count
        var ids = [Int32](repeating: Int32(reps), count: n)
        var rowsOf = [Int](repeating: 0, count: reps)
        for i in 0..<n where !repColumn.isNull(i) {
            ids[i] = Int32(repCodes[i])
            rowsOf[Int(repCodes[i])] += 1
        }
        let groups = VerbGroups(ids: ids, count: reps + 1)
        let stats = try DealStats(input, columns, groups: groups, cancellation: context.cancellation)
        try context.checkCancelled()
        let reached = try funnel.map { (funnel) throws(Diagnostic) in
            try funnel.reach(input, groups: groups, context: context)
        }
        var measured: StageTimePlan.Measured?
        if let (history, id) = stageTime {
            measured = StageTimePlan.measure(
                deals: VerbSupport.column(input, id), history: history, groups: groups, counted: reps, now: nowMicros,
                stages: stages, cancellation: context.cancellation)
        }
        try context.checkCancelled()
        let quoted = quotas.count == 2 ? quotas : []
        let attainment = quoted.first.map { Self.values($0, "attainment") } ?? [:]
        let coverage = quoted.last.map { Self.values($0, "coverage") } ?? [:]
        let labels = measured?.labels ?? []
        let stay = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let steps = funnel?.steps.count ?? 0
        func value(_ metric: ScorecardMetric, _ g: Int) -> Double {
            switch metric {
            case .deals: return Double(stats.open[g] + stats.won[g] + stats.lost[g])
            case .winRate: return stats.winRate(g)
            case .avgDealSize: return stats.avgWonValue(g)
            case .avgCycleDays: return stats.avgCycleDays(g)
            case .velocity: return stats.velocity(g, perDays: 30)
            case .attainment: return attainment[dict.values[g]] ?? .nan
            case .coverage: return coverage[dict.values[g]] ?? .nan
            case .conversion(let k, _):
                guard let reached, reached[g * steps + k - 1] != 0 else { return .nan }
                return Double(reached[g * steps + k]) / Double(reached[g * steps + k - 1])
            case .daysIn(let label):
                guard let measured, let k = stay[label] else { return .nan }
                return measured.avg[g * labels.count + k]
            }
        }
        let list = ScorecardMetric.all(
            value: columns.value != nil, dates: columns.created != nil && columns.closeDate != nil,
            quotas: !quoted.isEmpty, steps: funnel?.steps ?? [], stages: labels)
        let metrics = list.map { m in
            Metric(name: m.name, higherIsBetter: m.higherIsBetter, values: (0..<reps).map { value(m, $0) })
        }

        // Peer groups: everyone, or the rep's team (the team value most of the rep's deals carry).
        var teamOf = [Int](repeating: 0, count: reps)
        var teams = 1
        var teamGroups: VerbGroups?
        if !keys.isEmpty {
            let g = try VerbGroups(keys: keys, input: input, context: context)
            var votes = [[Int]](repeating: [Int](repeating: 0, count: g.count), count: reps)
            for i in 0..<n where ids[i] < Int32(reps) { votes[Int(ids[i])][Int(g.ids[i])] += 1 }
            for r in 0..<reps {
                let v = votes[r]
                teamOf[r] = v.indices.max(by: { v[$0] < v[$1] || (v[$0] == v[$1] && $0 > $1) }) ?? 0
            }
            teams = g.count
            teamGroups = g
        }
        let present = (0..<reps).filter { rowsOf[$0] > 0 }
        var ranking: [[ScorecardRanking]] = []  // [team][metric]
        var position = [Int](repeating: 0, count: reps)  // the rep's index among its team's reps
        for t in 0..<teams {
            let members = present.filter { teamOf[$0] == t }
            for (k, r) in members.enumerated() { position[r] = k }
            ranking.append(
                metrics.map { m in ScorecardRanking(members.map { m.values[$0] }, higherIsBetter: m.higherIsBetter) })
        }

        var shown = present
        if let only {
            let lower = only.name.lowercased()
            guard
                let r = present.first(where: { dict.values[$0] == only.name })
                    ?? present.first(where: { dict.values[$0].lowercased() == lower })
            else {
                let names = present.map { dict.values[$0] }
                throw Diagnostic(
                    .execute, "unknown rep \"\(only.name)\"", span: only.span,
                    hint: Suggestions.hint(for: only.name, in: names) ?? "reps: "
                        + names.prefix(8).joined(separator: ", "))
            }
            shown = [r]
        }
        shown.sort { (teamOf[$0], dict.values[$0]) < (teamOf[$1], dict.values[$1]) }

        var repNames: [String] = []
        var metricCodes: [UInt32] = []
        var value: [Double] = []
        var median: [Double] = []
        var rank: [Int64] = []
        var of: [Int64] = []
        var flag: [String] = []
        var blocks = [Int](repeating: 0, count: teams)
        for r in shown {
            let rankings = ranking[teamOf[r]]
            let standing = metrics.indices.map { rankings[$0].standing(metrics[$0].values[r]) }
            let weakest = standing.indices.filter { standing[$0].isFinite && standing[$0] < 0 }
                .min(by: { standing[$0] < standing[$1] })
            for (k, m) in metrics.enumerated() {
                repNames.append(dict.values[r])
                metricCodes.append(UInt32(k))
                value.append(m.values[r])
                median.append(rankings[k].median)
                rank.append(Int64(rankings[k].ranks[position[r]]))
                of.append(Int64(rankings[k].ranked))
                flag.append(k == weakest ? ScorecardMetric.weakest : "")
            }
            blocks[teamOf[r]] += metrics.count
        }
        let count = repNames.count
        return VerbSupport.relation(
            outputSchema, keyFields: teamGroups?.keyFields(blocks: blocks) ?? [],
            columns: [
                VerbSupport.stringColumn(repNames),
                VerbSupport.labelColumn(metricCodes, labels: metrics.map(\.name)),
                VerbSupport.doubleColumn(value),
                VerbSupport.doubleColumn(median),
                VerbSupport.intColumn(rank, nullWhere: { rank[$0] == 0 }),
                VerbSupport.intColumn(of),
                VerbSupport.stringColumn(flag),
            ], count: count)
    }

    /// A lowered quota verb's column by rep (its first column).
    private static func values(_ relation: Relation, _ name: String) -> [String: Double] {
        guard let i = relation.fields.firstIndex(where: { $0.name == name }), !relation.fields.isEmpty else {
            return [:]
        }
        let reps = VerbSupport.column(relation, 0)
        let column = VerbSupport.column(relation, i)
        let numbers = VerbSupport.doubles(column)
        guard let (codes, dict) = reps.values.distinctStrings else { return [:] }
        var out: [String: Double] = [:]
        for row in 0..<relation.count where !reps.isNull(row) {
            out[dict.values[Int(codes[row])]] = column.isNull(row) ? .nan : numbers[row]
        }
        return out
    }
}

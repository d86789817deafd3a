import PipeQCore
import PipeQEngine
import PipeQStorage

/// `compare REP`, as `ComparePlan` sets it out: the rep's deals (group 1) beside their team's (group 2: the team
/// the rep's deals name most, else the reps table's, else everyone else; everyone else too when no one else on
/// the team has deals), metric by metric, team counts per other rep, and the conversion the rep trails most by
/// flagged.
extension SQLCompiler {
    mutating func compare(_ input: LogicalPlan, _ form: CompareForm) throws(Diagnostic) -> Step {
        let fields = input.schema.fields
        guard let repDictionary = dictionary(of: input, field: form.rep) else {
            throw SQLUnsupported.error("compare over a computed rep column", dialect: dialect)
        }
        let reps = repDictionary.isDistinct ? repDictionary : repDictionary.deduplication.dictionary
        let repName = reps.values[try CompareForm.code(of: form.name, in: reps, span: form.nameSpan)]
        let me = dialect.string(repName)
        let rep = q(fields[form.rep].name)
        // Who is on the team: a row condition, whether the rep has a team, and its label.
        var onTeam = "1 = 1"
        var hasTeam = "1 = 0"
        var label = "'everyone else'"
        if let team = form.team {
            guard let teams = dictionary(of: input, field: team) else {
                throw SQLUnsupported.error("compare over a computed team column", dialect: dialect)
            }
            let distinct = teams.isDistinct ? teams : teams.deduplication.dictionary
            var rank = "CASE __team"
            for (i, value) in distinct.values.enumerated() { rank += " WHEN \(dialect.string(value)) THEN \(i)" }
            rank += " END"
            let below = try relation(input, ordered: false)
            let x = q(fields[team].name)
            let votes = add(
                "SELECT \(x) AS __team, count(*) AS __votes FROM \(q(below.name)) WHERE \(rep) = \(me) AND \(x) IS NOT NULL GROUP BY \(x)"
            )
            let best = add("SELECT __team FROM \(q(votes)) ORDER BY __votes DESC, \(rank) LIMIT 1")
            onTeam = "(NOT EXISTS (SELECT 1 FROM \(q(best))) OR \(x) = (SELECT __team FROM \(q(best))))"
            hasTeam = "EXISTS (SELECT 1 FROM \(q(best)))"
            label = "coalesce('team ' || (SELECT __team FROM \(q(best))), 'everyone else')"
        } else if let teamOf = form.repTeams, let mine = teamOf[repName] {
            let members = reps.values.filter { teamOf[$0] == mine }.map { dialect.string($0) }
            onTeam = members.isEmpty ? "1 = 0" : "\(rep) IN (\(members.joined(separator: ", ")))"
            hasTeam = "1 = 1"
            label = dialect.string("team " + mine)
        }
        // The team's other reps with deals; none on a named team: everyone else instead.
        let below = try relation(input, ordered: false)
        let others = add(
            "SELECT count(DISTINCT CASE WHEN \(onTeam) THEN \(rep) END) AS __others, count(DISTINCT \(rep)) AS __all, "
                + "CASE WHEN \(hasTeam) THEN 1 ELSE 0 END AS __has FROM \(q(below.name)) WHERE \(rep) IS NOT NULL AND \(rep) <> \(me)"
        )
        let fallback = "(SELECT __has = 1 AND __others = 0 FROM \(q(others)))"
        let group =
            "CASE WHEN \(rep) IS NULL THEN 3 WHEN \(rep) = \(me) THEN 1 WHEN \(fallback) OR \(onTeam) THEN 2 ELSE 3 END"
        let stats = try compareStatistics(input, form, group: group)
        let teamReps = "CASE WHEN o.__has = 1 AND o.__others = 0 THEN o.__all ELSE o.__others END"
        let counted = try form.funnel.map { (funnel) throws(Diagnostic) in
            try funnelCounts(input, funnel, names: [], group: group)
        }
        var labels: [String]?
        var stays: String?
        if let (history, id) = form.stageTime {
            guard let stages = dictionary(of: history.plan, field: history.stage) else {
                throw SQLUnsupported.error("compare over a computed history stage column", dialect: dialect)
            }
            labels = StageTimeForm.labels(stages, stages: self.stages)
            stays = try stayMeans(
                input, history, id: id, group: group, counted: "d.__g IN (1, 2)", labels: labels!, now: form.nowMicros)
        }
        let named =
            "CASE WHEN o.__has = 1 AND o.__others = 0 THEN 'everyone else (no one else in ' || \(label) || ' has deals)' ELSE \(label) END"
        let all = add(
            "SELECT s.*, o.__has, o.__others, o.__all, \(teamReps) AS __reps, \(named) AS __label FROM \(q(stats)) s CROSS JOIN \(q(others)) o"
        )
        return compareRows(form, all: all, repName: repName, counted: counted, labels: labels, stays: stays)
    }

    /// Per group (1 the rep, 2 the team), the `DealStats`: open, won and lost deals, won deals' mean value and
    /// mean cycle in days. One row, columns suffixed with the group.
    private mutating func compareStatistics(_ input: LogicalPlan, _ form: CompareForm, group: String)
        throws(Diagnostic) -> String
    {
        let rows = try dealStatRows(
            input, outcome: form.outcome, value: form.value, created: form.created, closeDate: form.closeDate,
            group: group)
        let list = [1, 2].flatMap { g in dealStatAggregates("__g = \(g)", DealStatColumns(suffix: "\(g)")) }
        return add("SELECT \(list.joined(separator: ", ")) FROM \(q(rows))")
    }

    /// The mean stay per group and open stage (`__g`, `__stage`, `__mean`), from the history rows of each group's
    /// deals (the first input row with an id takes its history) in the groups `counted` keeps (a condition on
    /// `d.__g`); open stays run to `now`.
    mutating func stayMeans(
        _ input: LogicalPlan, _ history: HistoryRead, id: Int, group: String, counted: String, labels: [String],
        now: Int64
    ) throws(Diagnostic) -> String {
        let rows = try groupedRows(input, keys: [], names: [], id: id, group: group)
        let h = try historyStays(history, joinedTo: rows.name, input: input, id: id, now: now)
        let known = labels.isEmpty ? "1 = 0" : "IN (" + labels.map { dialect.string($0) }.joined(separator: ", ") + ")"
        return add(
            "SELECT d.__g, \(h.stage) AS __stage, avg(\(h.length)) AS __mean \(h.from) "
                + "WHERE \(counted) AND \(h.stage) \(known) AND \(h.entered) IS NOT NULL GROUP BY d.__g, \(h.stage)"
        )
    }

    /// The metrics' rows over the one row of `all`, with the biggest conversion gap flagged.
    private mutating func compareRows(
        _ form: CompareForm, all: String, repName: String, counted: FunnelCounts?, labels: [String]?, stays: String?
    ) -> Step {
        func text(_ x: String) -> String { "CAST(\(x) AS TEXT)" }
        let double = dialect.typeName(.double)
        func number(_ x: String) -> String { "CAST(\(x) AS \(double))" }
        let null = dialect.literal(.null, .double)
        let perRep = "NULLIF(__reps, 0)"
        var rows: [(metric: String, mine: String, theirs: String, note: String, conversion: Bool)] = []
        func add(_ metric: String, _ mine: String, _ theirs: String, _ note: String = "''", conversion: Bool = false) {
            rows.append((metric, mine, theirs, note, conversion))
        }
        func deals(_ g: Int) -> String { DealStatColumns(suffix: "\(g)").deals }
        func winRate(_ g: Int) -> String { DealStatColumns(suffix: "\(g)").winRate(dialect) }
        func velocity(_ g: Int) -> String { DealStatColumns(suffix: "\(g)").velocity(dialect, perDays: 30) }
        add(
            "deals", number(deals(1)), dialect.divide(deals(2), perRep),
            "\(dialect.string(repName + " vs ")) || __label || ': ' || \(text("__reps")) || ' other rep' || CASE WHEN __reps = 1 THEN '' ELSE 's' END || '; team counts per rep'"
        )
        add("open deals", number("__open1"), dialect.divide("__open2", perRep))
        add("win rate", winRate(1), winRate(2))
        let noValue = form.value == nil ? "needs a value column" : ""
        let noCycle = form.created == nil || form.closeDate == nil ? "needs created and close_date columns" : ""
        add("avg deal size", "__size1", "__size2", dialect.string(noValue))
        add("avg cycle days", "__cycle1", "__cycle2", dialect.string(noCycle))
        add(
            "velocity per month", velocity(1), "(\(velocity(2))) / \(perRep)",
            dialect.string([noValue, noCycle].filter { !$0.isEmpty }.joined(separator: "; ")))
        if let funnel = form.funnel, let counted {
            for k in 1..<max(funnel.steps.count, 1) {
                func reach(_ g: Int, _ m: Int) -> String {
                    "coalesce((SELECT \(counted.merged(m)) FROM \(q(counted.name)) WHERE __g = \(g)), 0)"
                }
                add(
                    "conversion to \(funnel.steps[k])", dialect.divide(reach(1, k), reach(1, k - 1)),
                    dialect.divide(reach(2, k), reach(2, k - 1)), conversion: true)
            }
        } else {
            add(
                "conversion", null, null,
                dialect.string("needs the pipeline's stages and a history table or stage column"))
        }
        if let labels, let stays {
            for label in labels {
                func mean(_ g: Int) -> String {
                    "(SELECT __mean FROM \(q(stays)) WHERE __g = \(g) AND __stage = \(dialect.string(label)))"
                }
                add("days in \(label)", mean(1), mean(2))
            }
        } else {
            add("days in stage", null, null, dialect.string("needs a history table with deal_id, stage and entered_at"))
        }
        let selects = rows.enumerated().map { i, row in
            "SELECT \(dialect.string(row.metric)) AS __metric, \(number(row.mine)) AS __mine, \(number(row.theirs)) AS __theirs, "
                + "\(row.note) AS __note, \(row.conversion ? 1 : 0) AS __conversion, \(i + 1) AS \(Self.order) FROM \(q(all))"
        }
        let listed = self.add(selects.joined(separator: " UNION ALL "))
        let gap =
            "(SELECT \(Self.order) FROM \(q(listed)) WHERE __conversion = 1 AND __mine - __theirs < 0 ORDER BY __mine - __theirs, \(Self.order) LIMIT 1)"
        let names = form.outputSchema.fields.map { q($0.name) }
        let out = [
            "__metric AS \(names[0])", "__mine AS \(names[1])", "__theirs AS \(names[2])",
            "(__mine - __theirs) AS \(names[3])",
            "CASE WHEN \(Self.order) = \(gap) THEN '← biggest gap' ELSE __note END AS \(names[4])", Self.order,
        ]
        return Step(
            name: self.add("SELECT \(out.joined(separator: ", ")) FROM \(q(listed))"), ordered: true,
            orders: [rows.map(\.metric), nil, nil, nil, nil])
    }
}

import PipeQCore
import PipeQEngine
import PipeQStorage

/// `scorecard [by team] [for REP]`, as `ScorecardPlan` sets it out: per rep (the reps with deals) each metric of
/// `ScorecardMetric.all` — the `DealStats` measures, attainment and coverage from their own lowered plans, the
/// funnel's conversions, the mean days in each open stage — then, among the rep's peers (everyone, or the team
/// most of the rep's deals carry), the median of the metric, the rep's rank and how many reps have a value, as
/// `ScorecardRanking` computes them, and the metric furthest below its median flagged.
extension SQLCompiler {
    mutating func scorecard(_ input: LogicalPlan, _ form: ScorecardForm) throws(Diagnostic) -> Step {
        let fields = input.schema.fields
        let rep = q(fields[form.rep].name)
        let rows = try dealStatRows(
            input, outcome: form.outcome, value: form.value, created: form.created, closeDate: form.closeDate,
            group: rep)
        let stats = add(
            "SELECT __g, \(dealStatAggregates(nil, DealStatColumns()).joined(separator: ", ")) FROM \(q(rows)) "
                + "WHERE __g IS NOT NULL GROUP BY __g")
        var labels: [String] = []
        if let (history, _) = form.stageTime {
            guard let stages = dictionary(of: history.plan, field: history.stage) else {
                throw SQLUnsupported.error(
                    "scorecard over a computed history stage column", span: finder.verb("scorecard"), dialect: dialect)
            }
            labels = StageTimeForm.labels(stages, stages: self.stages)
        }
        let metrics = ScorecardMetric.all(
            value: form.value != nil, dates: form.created != nil && form.closeDate != nil,
            quotas: form.quotaPlans.count == 2, steps: form.funnel?.steps ?? [], stages: labels)
        let wide = try scorecardValues(input, form, stats: stats, metrics: metrics, labels: labels)
        let names = Self.keyNames(form.outputSchema, count: form.keys.count)
        let (teams, keyOrders) = try scorecardTeams(input, form, names: names)
        let long = add(
            metrics.indices.map { k in
                "SELECT w.__rep, t.__t, \(names.map { "t.\(q($0))" }.map { $0 + ", " }.joined())\(k) AS __k, "
                    + "CAST(w.__m\(k) AS \(dialect.typeName(.double))) AS __v FROM \(q(wide)) w JOIN \(q(teams)) t ON t.__rep = w.__rep"
            }.joined(separator: " UNION ALL "))
        let standing = scorecardStanding(long, metrics: metrics)
        let weakest = add(
            "SELECT __rep, __k FROM (SELECT __rep, __k, ROW_NUMBER() OVER (PARTITION BY __rep ORDER BY __st, __k) AS __w "
                + "FROM \(q(standing)) WHERE __st < 0) w WHERE __w = 1")
        let out = form.outputSchema.fields.map { q($0.name) }
        var metricName = "CASE s.__k"
        for (k, metric) in metrics.enumerated() { metricName += " WHEN \(k) THEN \(dialect.string(metric.name))" }
        metricName += " END"
        var list = zip(names, out).map { "s.\(q($0)) AS \($1)" }
        let k0 = names.count
        list += [
            "s.__rep AS \(out[k0])", "\(metricName) AS \(out[k0 + 1])", "s.__v AS \(out[k0 + 2])",
            "s.__median AS \(out[k0 + 3])", "s.__rank AS \(out[k0 + 4])", "s.__of AS \(out[k0 + 5])",
            "CASE WHEN w.__k IS NULL THEN '' ELSE \(dialect.string(ScorecardMetric.weakest)) END AS \(out[k0 + 6])",
            "ROW_NUMBER() OVER (ORDER BY s.__t, \(dialect.byteOrdered("s.__rep")), s.__k) AS \(Self.order)",
        ]
        var sql =
            "SELECT \(list.joined(separator: ", ")) FROM \(q(standing)) s "
            + "LEFT JOIN \(q(weakest)) w ON w.__rep = s.__rep AND w.__k = s.__k"
        if let only = form.only {
            sql += " WHERE s.__rep = \(try chosenRep(only, input: input, rep: form.rep, present: stats))"
        }
        return Step(
            name: add(sql), ordered: true, orders: keyOrders + [nil, metrics.map(\.name), nil, nil, nil, nil, nil])
    }

    /// One row per rep with deals: `__rep`, and `__m0…` each metric's value (null where it has none).
    private mutating func scorecardValues(
        _ input: LogicalPlan, _ form: ScorecardForm, stats: String, metrics: [ScorecardMetric], labels: [String]
    ) throws(Diagnostic) -> String {
        let rep = q(input.schema.fields[form.rep].name)
        let deal = DealStatColumns(prefix: "s.")
        var joins = ""
        var quota: [String: String] = [:]
        if form.quotaPlans.count == 2 {
            for (plan, name) in zip(form.quotaPlans, ["attainment", "coverage"]) {
                let step = try relation(plan, ordered: false)
                let fields = plan.schema.fields
                let alias = "__\(name)"
                joins += " LEFT JOIN \(q(step.name)) \(alias) ON \(alias).\(q(fields[0].name)) = s.__g"
                quota[name] = fields.contains { $0.name == name } ? "\(alias).\(q(name))" : "NULL"
            }
        }
        var counted: FunnelCounts?
        if let funnel = form.funnel {
            let counts = try funnelCounts(input, funnel, names: [], group: rep)
            joins += " LEFT JOIN \(q(counts.name)) f ON f.__g = s.__g"
            counted = counts
        }
        if let (history, id) = form.stageTime, !labels.isEmpty {
            let means = try stayMeans(
                input, history, id: id, group: rep, counted: "d.__g IS NOT NULL", labels: labels, now: form.nowMicros)
            let columns = labels.enumerated().map { k, label in
                "max(CASE WHEN __stage = \(dialect.string(label)) THEN __mean END) AS __stay\(k)"
            }
            let pivot = add("SELECT __g, \(columns.joined(separator: ", ")) FROM \(q(means)) GROUP BY __g")
            joins += " LEFT JOIN \(q(pivot)) t ON t.__g = s.__g"
        }
        let stay = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var list = ["s.__g AS __rep"]
        for (k, metric) in metrics.enumerated() {
            let value: String
            switch metric {
            case .deals: value = deal.deals
            case .winRate: value = deal.winRate(dialect)
            case .avgDealSize: value = deal.size
            case .avgCycleDays: value = deal.cycle
            case .velocity: value = deal.velocity(dialect, perDays: 30)
            case .attainment: value = quota["attainment"] ?? "NULL"
            case .coverage: value = quota["coverage"] ?? "NULL"
            case .conversion(let step, _):
                guard let counted else {
                    value = "NULL"
                    break
                }
                value = dialect.divide(
                    "coalesce(\(counted.merged(step)), 0)", "coalesce(\(counted.merged(step - 1)), 0)")
            case .daysIn(let label): value = stay[label].map { "t.__stay\($0)" } ?? "NULL"
            }
            list.append("\(value) AS __m\(k)")
        }
        return add("SELECT \(list.joined(separator: ", ")) FROM \(q(stats)) s\(joins)")
    }

    /// Each rep's peer group: `__rep`, `__t` (the team's number, in key order, nulls last, as `VerbGroups`
    /// numbers them; 1 for everyone without a team key) and the team's key values (named `names`), the team
    /// most of the rep's rows carry (the first in key order on a tie). Also the keys' domain orders.
    private mutating func scorecardTeams(_ input: LogicalPlan, _ form: ScorecardForm, names: [String])
        throws(Diagnostic) -> (String, [[String]?])
    {
        let field = input.schema.fields[form.rep]
        guard !form.keys.isEmpty else {
            let below = try relation(input, ordered: false)
            let rep = try expressions(over: input, below).sql(.column(form.rep, field.type))
            return (add("SELECT DISTINCT \(rep) AS __rep, 1 AS __t FROM \(q(below.name)) WHERE \(rep) IS NOT NULL"), [])
        }
        let rows = try groupedRows(input, keys: form.keys, names: names, id: nil) { (c) throws(Diagnostic) in
            ["\(try c.sql(.column(form.rep, field.type))) AS __rep"]
        }
        let keys = names.map { q($0) }.joined(separator: ", ")
        let votes = add(
            "SELECT __rep, __g, \(keys), count(*) AS __n FROM \(q(rows.name)) WHERE __rep IS NOT NULL GROUP BY __rep, __g, \(keys)"
        )
        let teams = add(
            "SELECT __rep, __g AS __t, \(keys) FROM (SELECT __rep, __g, \(keys), "
                + "ROW_NUMBER() OVER (PARTITION BY __rep ORDER BY __n DESC, __g) AS __r FROM \(q(votes))) v WHERE __r = 1"
        )
        return (teams, rows.keyOrders)
    }

    /// The metrics' rows with their rank among the peers (null without a value), how many peers have a value,
    /// the peers' median (the middle value, or the mean of the middle two) and `__st`, how far the value is
    /// below the median as a share of its size, negative when worse (`ScorecardRanking.standing`).
    private mutating func scorecardStanding(_ long: String, metrics: [ScorecardMetric]) -> String {
        let lower = metrics.indices.filter { !metrics[$0].higherIsBetter }.map(String.init)
        let isLower = lower.isEmpty ? "1 = 0" : "__k IN (\(lower.joined(separator: ", ")))"
        let better = "CASE WHEN \(isLower) THEN __v ELSE -__v END"
        let peers = "PARTITION BY __t, __k"
        let ranked = add(
            "SELECT *, CASE WHEN __v IS NOT NULL THEN RANK() OVER (\(peers) ORDER BY \(better) ASC NULLS LAST) END AS __rank, "
                + "count(__v) OVER (\(peers)) AS __of, ROW_NUMBER() OVER (\(peers) ORDER BY __v ASC NULLS LAST) AS __i "
                + "FROM \(q(long))")
        let medians = add(
            "SELECT __t, __k, (min(__v) + max(__v)) / 2 AS __median FROM \(q(ranked)) "
                + "WHERE __v IS NOT NULL AND __i * 2 IN (__of, __of + 1, __of + 2) GROUP BY __t, __k")
        let relative = "((r.__v - m.__median) / abs(m.__median))"
        return add(
            "SELECT r.*, m.__median, CASE WHEN r.__v IS NOT NULL AND m.__median IS NOT NULL AND m.__median <> 0 THEN "
                + "CASE WHEN \(isLower.replacingOccurrences(of: "__k", with: "r.__k")) THEN -\(relative) ELSE \(relative) END END AS __st "
                + "FROM \(q(ranked)) r LEFT JOIN \(q(medians)) m ON m.__t = r.__t AND m.__k = r.__k")
    }

    /// The rep `for NAME` shows, as SQL: the first of the rep column's values equal to the name, else equal
    /// ignoring case, that has deals (`present`: a step of the reps with deals, `__g`); an unknown name fails.
    mutating func chosenRep(
        _ only: (name: String, span: SourceSpan), input: LogicalPlan, rep: Int, present: String
    ) throws(Diagnostic) -> String {
        guard let column = dictionary(of: input, field: rep) else {
            throw SQLUnsupported.error(
                "scorecard for a rep of a computed rep column", span: only.span, dialect: dialect)
        }
        let reps = column.isDistinct ? column : column.deduplication.dictionary
        _ = try CompareForm.code(of: only.name, in: reps, span: only.span)
        let lower = only.name.lowercased()
        let candidates =
            reps.values.filter { $0 == only.name } + reps.values.filter { $0 != only.name && $0.lowercased() == lower }
        let listed = candidates.map { dialect.string($0) }
        var choice = "CASE"
        for name in listed { choice += " WHEN EXISTS (SELECT 1 FROM \(q(present)) WHERE __g = \(name)) THEN \(name)" }
        let missing = "NOT EXISTS (SELECT 1 FROM \(q(present)) WHERE __g IN (\(listed.joined(separator: ", "))))"
        choice += " ELSE CAST(\(dialect.fail("unknown rep \"\(only.name)\"", when: missing)) AS TEXT) END"
        return "(\(choice))"
    }
}

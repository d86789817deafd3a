import PipeQCore
import PipeQEngine
import PipeQStorage

/// `metrics`, as `MetricsPlan` lists them: quantity (open and new deals and value), quality (the share of open
/// deals past their stage's limit, as `stalled` decides it; the mean lead score), effectiveness (win rate, cycle,
/// the funnel's conversions) and balance (the weekly inflow's coefficient of variation), each with its note.
extension SQLCompiler {
    mutating func metrics(_ input: LogicalPlan, _ form: MetricsForm) throws(Diagnostic) -> Step {
        let limits = try stageLimits(form.history)
        // The stage column's stages, which decide whether any stage has a limit at all.
        var stageValues: [String]?
        if let stage = form.stage, form.stageEntered != nil {
            guard let dictionary = dictionary(of: input, field: stage) else {
                throw SQLUnsupported.error("metrics over a computed stage column", dialect: dialect)
            }
            stageValues = (dictionary.isDistinct ? dictionary : dictionary.deduplication.dictionary).values
        }
        let below = try relation(input, ordered: false)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below, columns: fields.map { "d.\(q($0.name))" })
        func column(_ i: Int?) throws(Diagnostic) -> String {
            guard let i else { return "NULL" }
            return try compiler.sql(.column(i, fields[i].type))
        }
        func typed(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
        let stage = try column(form.stage)
        var list = [
            "\(try compiler.sql(form.outcome)) AS __o",
            "CAST(\(try column(form.value)) AS \(dialect.typeName(.double))) AS __v",
            "\(try column(form.created)) AS __c",
            "CAST(\(try column(form.leadScore)) AS \(dialect.typeName(.double))) AS __ls",
        ]
        var join = ""
        if stageValues != nil, let entered = form.stageEntered {
            list.append("\(stage) AS __st")
            list.append("\(try column(entered)) AS __en")
            list.append("\(try compiler.sql(Self.age(typed(entered), asOfDay: form.asOfDay))) AS __age")
            list.append("\(limits.limit(stage, dialect)) AS __limit")
            join = limits.join(stage, q)
        }
        if let created = form.created, let close = form.closeDate {
            list.append("\(try compiler.sql(Self.days(from: typed(created), to: typed(close)))) AS __cycle")
        } else {
            list.append("\(dialect.literal(.null, .double)) AS __cycle")
        }
        if let created = form.created {
            list.append("\(dialect.periodStart("week", try column(created))) AS __week")
        }
        let rows = add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name)) d\(join)")
        let open = "__o = 'open'"
        func count(_ condition: String) -> String { "coalesce(sum(\(flag(condition))), 0)" }
        var stats = [
            "\(count(open)) AS __open", "sum(CASE WHEN \(open) THEN __v END) AS __open_value",
            "\(count("\(open) AND __v IS NOT NULL")) AS __open_valued", "\(count("__o = 'won'")) AS __won",
            "\(count("__o = 'lost'")) AS __lost", "avg(CASE WHEN \(open) THEN __ls END) AS __lead",
            "avg(CASE WHEN __o = 'won' THEN __cycle END) AS __cycle",
        ]
        if let created = form.created {
            let type = fields[created].type
            for days in [30, 90] {
                let new =
                    "__c IS NOT NULL AND __c >= \(cutoff(form.asOfDay - Int32(days), type)) AND __c < \(cutoff(form.asOfDay, type))"
                stats.append("\(count(new)) AS __new\(days)")
                stats.append("sum(CASE WHEN \(new) THEN __v END) AS __new_value\(days)")
                stats.append("\(count("\(new) AND __v IS NOT NULL")) AS __new_valued\(days)")
            }
        }
        if stageValues != nil {
            stats.append(
                "\(count("\(open) AND __st IS NOT NULL AND __en IS NOT NULL AND __limit IS NOT NULL AND __age > __limit")) AS __stale"
            )
        }
        var sources = [add("SELECT \(stats.joined(separator: ", ")) FROM \(q(rows))")]
        // The weekly inflow: deals per week from the first week with a new deal to the last, empty weeks 0.
        if form.created != nil {
            let weeks = add("SELECT __week, count(*) AS __n FROM \(q(rows)) WHERE __c IS NOT NULL GROUP BY __week")
            let span = dialect.daysBetween("max(__week)", "min(__week)", temporal: .date)
            let spread = add(
                "SELECT CASE WHEN count(*) = 0 THEN 0 ELSE CAST(round(\(span) / 7) AS INTEGER) + 1 END AS __periods, "
                    + "coalesce(sum(__n), 0) AS __total FROM \(q(weeks))")
            let mean = "(CAST(p.__total AS \(dialect.typeName(.double))) / p.__periods)"
            let squares =
                "(coalesce(sum((w.__n - \(mean)) * (w.__n - \(mean))), 0) + (p.__periods - count(w.__n)) * \(mean) * \(mean))"
            sources.append(
                add(
                    "SELECT p.__periods, CASE WHEN p.__periods < 2 OR p.__total = 0 THEN NULL "
                        + "ELSE sqrt(\(squares) / (p.__periods - 1)) / \(mean) END AS __cv "
                        + "FROM \(q(spread)) p LEFT JOIN \(q(weeks)) w ON 1 = 1 GROUP BY p.__periods, p.__total"))
        }
        var counted: FunnelCounts?
        if let funnel = form.funnel {
            let counts = try funnelCounts(input, funnel, names: [])
            counted = counts
            sources.append(counts.name)
        }
        if let medians = limits.medians, let values = stageValues, !values.isEmpty {
            let listed = values.map { dialect.string($0) }.joined(separator: ", ")
            sources.append(
                add(
                    "SELECT CASE WHEN EXISTS (SELECT 1 FROM \(q(medians)) WHERE __stage IN (\(listed))) THEN 1 ELSE 0 END AS __medians"
                ))
        }
        let all = add("SELECT * FROM " + sources.map { q($0) }.joined(separator: " CROSS JOIN "))
        return metricRows(form, all: all, counted: counted, stageValues: stageValues, limits: limits)
    }

    /// The rows of the metrics, over the one row of `all` (the statistics, the inflow, the funnel's counts).
    private mutating func metricRows(
        _ form: MetricsForm, all: String, counted: FunnelCounts?, stageValues: [String]?, limits: StageLimits
    ) -> Step {
        let double = dialect.typeName(.double)
        func text(_ x: String) -> String { "CAST(\(x) AS TEXT)" }
        func number(_ x: String) -> String { "CAST(\(x) AS \(double))" }
        let null = dialect.literal(.null, .double)
        let none = "''"
        var rows: [(section: String, metric: String, value: String, note: String)] = []
        func add(_ section: String, _ metric: String, _ value: String, _ note: String = "''") {
            rows.append((section, metric, value, note))
        }
        let noValue = dialect.string("needs a value column")
        let noCreated = dialect.string("needs a created column")
        add("quantity", "open deals", number("__open"))
        if form.value == nil {
            add("quantity", "open value", null, noValue)
        } else {
            let unvalued = "__open > 0 AND __open_valued = 0"
            add(
                "quantity", "open value",
                "CASE WHEN \(unvalued) THEN NULL ELSE coalesce(__open_value, \(dialect.literal(.double(0), .double))) END",
                "CASE WHEN \(unvalued) THEN 'no open deal has a value' ELSE '' END")
        }
        for days in [30, 90] {
            guard form.created != nil else {
                add("quantity", "new deals, last \(days) days", null, noCreated)
                add("quantity", "new value, last \(days) days", null, noCreated)
                continue
            }
            add("quantity", "new deals, last \(days) days", number("__new\(days)"))
            add(
                "quantity", "new value, last \(days) days",
                form.value == nil
                    ? null
                    : "CASE WHEN __new\(days) > 0 AND __new_valued\(days) = 0 THEN NULL ELSE coalesce(__new_value\(days), \(dialect.literal(.double(0), .double))) END",
                form.value == nil ? noValue : none)
        }
        if let values = stageValues {
            let rotting = Set(limits.rotting.map(\.name))
            let any =
                values.contains(where: rotting.contains)
                ? "1 = 1" : limits.medians != nil && !values.isEmpty ? "__medians = 1" : "1 = 0"
            add(
                "quality", "stale share",
                "CASE WHEN \(any) AND __open > 0 THEN \(dialect.divide("__stale", "__open")) END",
                "CASE WHEN \(any) THEN \(text("__stale")) || ' of ' || \(text("__open")) || ' open deals past their stage''s limit (see stalled)' "
                    + "ELSE 'needs rotting_days per stage in pipeline.toml, or a history table with exited_at' END")
        } else {
            add("quality", "stale share", null, dialect.string("needs stage and stage_entered columns"))
        }
        if form.leadScore != nil {
            add("quality", "avg lead score", "__lead", "'open deals'")
        } else {
            add("quality", "avg lead score", null, dialect.string("needs a lead_score column"))
        }
        add(
            "effectiveness", "win rate", dialect.divide("__won", "(__won + __lost)"),
            "\(text("__won")) || ' won of ' || \(text("(__won + __lost)")) || ' closed'")
        add(
            "effectiveness", "avg cycle days", "__cycle",
            dialect.string(
                form.created == nil || form.closeDate == nil
                    ? "needs created and close_date columns" : "won deals, created to close_date"))
        if let funnel = form.funnel, let counted {
            for k in 1..<max(funnel.steps.count, 1) {
                let here = counted.merged(k)
                let before = counted.merged(k - 1)
                add(
                    "effectiveness", "conversion to \(funnel.steps[k])", dialect.divide(here, before),
                    "\(text(here)) || ' of ' || \(text(before))")
            }
        } else {
            add(
                "effectiveness", "conversion", null,
                dialect.string("needs the pipeline's stages and a history table or stage column"))
        }
        if form.created != nil {
            add(
                "balance", "weekly inflow cv", "__cv",
                "'over ' || \(text("__periods")) || ' weeks of new deals (see balance summary)'")
        } else {
            add("balance", "weekly inflow cv", null, noCreated)
        }
        let names = form.outputSchema.fields.map { q($0.name) }
        let selects = rows.enumerated().map { i, row in
            "SELECT \(dialect.string(row.section)) AS \(names[0]), \(dialect.string(row.metric)) AS \(names[1]), "
                + "\(number(row.value)) AS \(names[2]), \(row.note) AS \(names[3]), \(i + 1) AS \(Self.order) FROM \(q(all))"
        }
        return Step(
            name: self.add(selects.joined(separator: " UNION ALL ")), ordered: true,
            orders: [form.sections, rows.map(\.metric), nil, nil])
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `forecast by category[, KEY, …] [for PERIOD]`: the period's closed won value, the open value in each forecast
/// category, and the roll-ups forecasting tools show (commit = closed + commit, best case = commit + best case,
/// pipeline = best case + pipeline). Lowered to one filtered aggregate and a projection.
enum ForecastCategoryVerb {
    /// The key word asking for categories: `by category`.
    static let words: Set<String> = ["category", "forecast_category"]

    /// Whether a `by` item is the word `category` (not a named expression).
    static func isCategoryKey(_ key: NamedExpr) -> Bool {
        guard key.name == nil, case .column(let word) = key.expr.kind else { return false }
        return words.contains(word.lowercased())
    }

    /// The open categories, in roll-up order, as output columns.
    static let openCategories: [(ForecastCategory, String)] = [
        (.commit, "commit"), (.bestCase, "best_case"), (.pipeline, "pipeline"), (.omitted, "omitted"),
    ]

    /// `Aggregate closed = sum VALUE where won and close_date in P, commit = sum VALUE where open and close_date in P
    /// and lower(CATEGORY) in ("commit"), … uncategorized = … where lower(CATEGORY) is null or not in (…) by KEYS`,
    /// then `Project KEYS, period, closed, commit, best_case, pipeline, omitted, uncategorized, commit_forecast =
    /// closed + commit, best_case_forecast = commit_forecast + best_case, pipeline_forecast = best_case_forecast +
    /// pipeline`, each sum 0 when no deal counted. CATEGORY is the deal's forecast category column, else (or where it
    /// is empty) `case when stage = "…" then "commit" … end` from the stages' forecast_category.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        var input = input
        input.keys.removeAll(where: isCategoryKey)
        let length = QuotaSource.find(input.catalog)?.length ?? .quarter
        let period = try QuotaPeriod.read(input, length)
        let outcome = try VerbSupport.outcome(input)
        let value = try VerbLowering.value(input)
        let close = try QuotaLowering.closeDate(input)
        let category = try categoryExpression(input)
        let keys = try VerbSupport.bindKeys(input)
        let inPeriod = period.contains(close)
        let openInPeriod = BoundExpr.and(VerbLowering.outcome(outcome, is: "open"), inPeriod)
        let known = openCategories.map { $0.0.spellings.map { Scalar.string($0) } }.flatMap { $0 }
        var aggregates = [
            VerbLowering.aggregate(
                .sum, value, where: .and(VerbLowering.outcome(outcome, is: "won"), inPeriod), "closed", .double)
        ]
        for (c, name) in openCategories {
            let test = BoundExpr.inList(category, c.spellings.map { .string($0) }, negated: false)
            aggregates.append(VerbLowering.aggregate(.sum, value, where: .and(openInPeriod, test), name, .double))
        }
        let other = BoundExpr.or(.isNull(category, negated: false), .inList(category, known, negated: true))
        aggregates.append(
            VerbLowering.aggregate(.sum, value, where: .and(openInPeriod, other), "uncategorized", .double))
        let summed = VerbLowering.aggregate(plan, keys: keys, aggregates)
        let fields = summed.schema.fields
        func sum(_ i: Int) -> BoundExpr {
            .call(.coalesce, [.column(keys.count + i, .double), .constant(.double(0), .double)], .double)
        }
        func plus(_ a: BoundExpr, _ b: BoundExpr) -> BoundExpr { .arithmetic(.add, a, b, result: .double) }
        let commit = plus(sum(0), sum(1))
        let bestCase = plus(commit, sum(2))
        let pipeline = plus(bestCase, sum(3))
        let names = VerbLowering.names(
            keys: keys,
            [("period", .string)] + fields.dropFirst(keys.count).map { ($0.name, .double) } + [
                ("commit_forecast", .double), ("best_case_forecast", .double), ("pipeline_forecast", .double),
            ])
        var columns = VerbLowering.keyColumns(summed, keys.count) + [VerbLowering.text(names[0], period.label)]
        for i in 0..<aggregates.count { columns.append(VerbLowering.named(names[1 + i], sum(i))) }
        columns += [
            VerbLowering.named(names[aggregates.count + 1], commit),
            VerbLowering.named(names[aggregates.count + 2], bestCase),
            VerbLowering.named(names[aggregates.count + 3], pipeline),
        ]
        return .project(summed, columns)
    }

    /// `lower(CATEGORY)`: the deals' forecast category column, else (or where it is empty) the category of the
    /// deal's stage from pipeline.toml; the diagnostic when there is neither.
    static func categoryExpression(_ input: VerbBindingInput) throws(Diagnostic) -> BoundExpr {
        var parts: [BoundExpr] = []
        if let i = input.schema.index(role: .forecastCategory, types: [.string]) {
            let trimmed = BoundExpr.call(.trim, [.column(i, .string)], .string)
            let lower = BoundExpr.call(.lower, [trimmed], .string)
            // an empty cell is no category
            parts.append(
                .caseWhen(
                    [
                        BoundWhen(
                            condition: .compare(.equal, trimmed, .constant(.string(""), .string)),
                            value: .constant(.null, .string))
                    ],
                    otherwise: lower))
        }
        let staged = input.catalog.stages.stages.filter { $0.forecastCategory != nil }
        if let stage = input.schema.index(role: .stage, types: [.string]), !staged.isEmpty {
            parts.append(
                .caseWhen(
                    staged.map {
                        BoundWhen(
                            condition: .compare(.equal, .column(stage, .string), .constant(.string($0.name), .string)),
                            value: .constant(.string($0.forecastCategory!.rawValue), .string))
                    }, otherwise: .constant(.null, .string)))
        }
        if parts.isEmpty {
            throw Diagnostic(
                .bind,
                "forecast by category needs each deal's forecast category, but the input has no forecast_category column and no stage has one",
                span: input.keywordSpan,
                hint:
                    "add a forecast_category column (Pipeline, Best Case, Commit, Omitted), or forecast_category = \"Commit\" under a [[stage]] in pipeline.toml"
            )
        }
        return parts.count == 1 ? parts[0] : .call(.coalesce, parts, .string)
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// What attainment and coverage share: the input's deals summed per group, beside the group's quota for the period.
/// A group's quota is its team's when the only key is the team and the quotas table has team quotas; otherwise the
/// sum of the quotas of the reps with deals in the group (so "where" before the verb narrows the quota too).
///
/// `Aggregate MEASURES by KEYS[, rep]`, `Join left QUOTAS on rep` (the quota plan of `QuotaSource`), then
/// `Aggregate MEASURE = sum MEASURE, …, quota = sum quota, no_quota = count where quota is null by KEYS`.
struct QuotaLowering {
    /// The plan: the keys, the measures (null where no deal counted), quota (null when no rep of the group has one)
    /// and no_quota (how many of the group's reps have none).
    var plan: LogicalPlan
    var keys: [NamedBoundExpr]
    var period: QuotaPeriod
    var source: QuotaSource
    /// Whether each group is one rep or one team, so its own quota (the note says "no quota" rather than "some reps
    /// without one").
    var onePerGroup: Bool

    var keyCount: Int { keys.count }

    /// The input read for quotas: the period (from `for`, else the quota's length holding the as-of date), the keys,
    /// and the deal measures, given the period, summed per group.
    init(
        _ input: VerbBindingInput, _ plan: LogicalPlan,
        measures: (QuotaPeriod, inout LogicalPlan) throws(Diagnostic) -> [BoundAggregate]
    ) throws(Diagnostic) {
        guard let source = QuotaSource.find(input.catalog) else {
            throw Diagnostic(
                .bind, "\(input.name) needs quotas, and there are none", span: input.keywordSpan,
                hint:
                    "add a quota column to the reps table (its period: [quota] period = \"year\" in pipeline.toml), or a quotas table (rep, period, quota)"
            )
        }
        self.source = source
        let period = try QuotaPeriod.read(input, source.length)
        self.period = period
        let keys = try VerbSupport.bindKeys(input)
        // A quota is for one whole period: split by a date, every part would repeat it (won 0 outside the period).
        if let dated = keys.firstIndex(where: { $0.expr.type.isTemporal }) {
            throw Diagnostic(
                .bind,
                "\(input.name) is for one quota period (\(period.label)), so it cannot be split by \(keys[dated].name)",
                span: input.keys[dated].expr.span,
                hint: "choose the period with for (for 2026-Q1, for 2026-03, for 2026) and group by rep or team")
        }
        self.keys = keys
        let repIndex = try VerbSupport.require(.rep, input, for: "each deal's rep, whose quota it counts against")
        let repField = input.schema.fields[repIndex]
        let teamLevel: Bool = {
            guard keys.count == 1, case .column(let i, _) = keys[0].expr, source.hasTeamQuotas else { return false }
            return input.schema.fields[i].info.role == .team || input.schema.fields[i].name == "team"
        }()
        let repLevel: Bool = {
            guard keys.count == 1, case .column(let i, _) = keys[0].expr else { return false }
            return i == repIndex
        }()
        let onePerGroup = teamLevel || repLevel
        self.onePerGroup = onePerGroup
        var grouping = keys
        if !onePerGroup {
            let name = UniqueName.make("rep", taken: keys.map(\.name))
            grouping.append(
                NamedBoundExpr(name: name, expr: .column(repIndex, repField.type), info: ColumnInfo(name: name)))
        }
        var input1 = plan
        let aggregates = try measures(period, &input1)
        var summed = VerbLowering.aggregate(input1, keys: grouping, aggregates)
        if !onePerGroup {
            // How many groups each rep's deals fall in: a rep in several (two teams, two regions) has its whole quota
            // in each, which the note says.
            let name = UniqueName.make("groups_of_rep", taken: summed.schema.fields.map(\.name))
            summed = .window(
                summed,
                [WindowItem(name: name, function: .total, argument: .constant(.int(1), .int), type: .int)],
                partition: [.column(keys.count, repField.type)])
        }
        let quotas = source.plan(input, byTeam: teamLevel, for: period)
        let joinKey = onePerGroup ? 0 : keys.count
        let leftType = summed.schema.fields[joinKey].type
        let rightType = quotas.schema.fields[0].type
        guard leftType == rightType else {
            throw Diagnostic(
                .bind,
                "\(input.name) matches deals to quotas by \(teamLevel ? "team" : "rep"), but the deals' is \(leftType.withArticle) column and \(source.origin)'s \(rightType.withArticle) one",
                span: input.keywordSpan)
        }
        let quotaName = UniqueName.make("quota", taken: summed.schema.fields.map(\.name))
        let joined = LogicalPlan.join(
            summed,
            JoinNode(
                kind: .left, right: quotas, rightName: source.origin,
                keys: [JoinKeyPair(left: joinKey, right: 0)],
                added: [
                    JoinAddedField(
                        index: 1,
                        field: RelationSchema.FieldInfo(
                            name: quotaName, type: .double, info: ColumnInfo(name: quotaName))
                    )
                ], span: input.span))
        let fields = joined.schema.fields
        let quota = BoundExpr.column(fields.count - 1, .double)
        var totals: [BoundAggregate] = []
        for (k, aggregate) in aggregates.enumerated() {
            let column = BoundExpr.column(grouping.count + k, fields[grouping.count + k].type)
            totals.append(VerbLowering.aggregate(.sum, column, where: nil, aggregate.name, aggregate.resultType))
        }
        totals.append(VerbLowering.aggregate(.sum, quota, where: nil, "quota", .double))
        totals.append(VerbLowering.aggregate(.count, nil, where: .isNull(quota, negated: false), "no_quota", .int))
        if !onePerGroup {
            let groups = BoundExpr.column(grouping.count + aggregates.count, .int)
            let shared = BoundExpr.and(
                .compare(.greater, groups, .constant(.int(1), .int)), .isNull(quota, negated: true))
            totals.append(VerbLowering.aggregate(.count, nil, where: shared, "shared_reps", .int))
        }
        self.plan = VerbLowering.aggregate(
            joined, keys: VerbLowering.keyColumns(joined, keys.count), totals)
    }

    /// The i-th measure, 0 where no deal counted.
    func measure(_ i: Int) -> BoundExpr {
        let field = plan.schema.fields[keyCount + i]
        let zero: BoundExpr = field.type == .int ? .constant(.int(0), .int) : .constant(.double(0), .double)
        return .call(.coalesce, [.column(keyCount + i, field.type), zero], field.type)
    }

    func quota(measures: Int) -> BoundExpr { .column(keyCount + measures, .double) }

    /// "no quota" for a group without one; for a group of several reps some of whom have none, says they are left
    /// out of its quota; for one with reps whose deals are in other groups too, says their quota counts in each;
    /// null otherwise.
    func note(measures: Int) -> BoundExpr {
        let missing = BoundExpr.column(keyCount + measures + 1, .int)
        let scope = "for \(period.label) in \(source.origin)"
        func text(_ s: String) -> BoundExpr { .constant(.string(s), .string) }
        func positive(_ e: BoundExpr) -> BoundExpr { .compare(.greater, e, .constant(.int(0), .int)) }
        let noQuota = "some reps have no quota " + scope + ": counted as 0"
        var whens = [
            BoundWhen(condition: .isNull(quota(measures: measures), negated: false), value: text("no quota " + scope))
        ]
        if !onePerGroup {
            let shared = BoundExpr.column(keyCount + measures + 2, .int)
            let split = "some reps have deals in other groups too: their whole quota counts in each"
            whens.append(
                BoundWhen(condition: .and(positive(missing), positive(shared)), value: text(noQuota + "; " + split)))
            whens.append(BoundWhen(condition: positive(shared), value: text(split)))
        }
        whens.append(BoundWhen(condition: positive(missing), value: text(noQuota)))
        return .caseWhen(whens, otherwise: .constant(.null, .string))
    }

    /// `a / b`, null unless b > 0 (no quota left, no quota at all).
    static func ratio(_ a: BoundExpr, over b: BoundExpr) -> BoundExpr {
        .caseWhen(
            [
                BoundWhen(
                    condition: .compare(.greater, b, .constant(.double(0), .double)),
                    value: .arithmetic(.divide, a, b, result: .double))
            ], otherwise: .constant(.null, .double))
    }

    /// The won value closed in the period: `sum VALUE where outcome(status) = "won" and close_date in the period`.
    static func won(_ input: VerbBindingInput, _ period: QuotaPeriod) throws(Diagnostic) -> BoundAggregate {
        let won = VerbLowering.outcome(try VerbSupport.outcome(input), is: "won")
        let value = try VerbLowering.value(input)
        let close = try closeDate(input)
        return VerbLowering.aggregate(.sum, value, where: .and(won, period.contains(close)), "won", .double)
    }

    static func closeDate(_ input: VerbBindingInput) throws(Diagnostic) -> BoundExpr {
        let i = try VerbSupport.require(
            .closeDate, input, for: "each deal's close date", types: [.date, .timestamp])
        return .column(i, input.schema.fields[i].type)
    }
}

import PipeQCore
import PipeQStorage

/// Customers at the start of each period and those lost in it, from the revenue table, for churn and ltv.
///
/// A customer's first month is its first revenue row's; it is lost in the month of its end date (an end date
/// column), else the month after its last row when its churn flag is set on any row (a churned column), else the
/// month after its last row when that is before the table's last month. A customer counts at the start of period P
/// when its first month is before P and it is not lost before P; it is lost in P when, besides, its lost month is in
/// P. Customers that start and leave within one period count in neither.
///
/// `Aggregate first = min month, last = max month[, end = max end_date | flagged = count where churned] by customer
/// [, source]`, joined with the table's last month, projected to the lost month; `Join` (every pair, on a constant)
/// with the periods the revenue rows fall in; `Aggregate customers = count where first < P and (lost is null or lost
/// >= P), lost = count where first < P and PERIOD(lost) = P by [source,] P`.
enum ChurnLowering {
    /// [source,] period, customers, lost: one row per period of `unit` holding a revenue row.
    static func perPeriod(
        _ input: VerbBindingInput, _ r: RevenueTable, bySource: Bool, unit: PeriodUnit
    ) throws(Diagnostic) -> LogicalPlan {
        var customerKeys = [EconomicsPlan.named("customer", r.column(r.customer))]
        if bySource {
            guard let source = r.source else {
                throw Diagnostic(
                    .bind, "\(input.name) by source needs a source column in the revenue table \(r.table.name)",
                    span: input.keywordSpan, hint: "add the customer's source (channel) to \(r.table.name)")
            }
            customerKeys.append(EconomicsPlan.named("source", r.column(source)))
        }
        var aggregates = [
            VerbLowering.aggregate(.min, r.month, where: nil, "first", .date),
            VerbLowering.aggregate(.max, r.month, where: nil, "last", .date),
        ]
        if let end = r.endDate {
            aggregates.append(
                VerbLowering.aggregate(.max, .call(.month, [r.column(end)], .date), where: nil, "end", .date))
        } else if let flag = r.churned {
            let column = r.column(flag)
            let set: BoundExpr =
                column.type == .bool
                ? .compare(.equal, column, .constant(.bool(true), .bool))
                : .compare(.notEqual, column, .constant(.int(0), .int))
            aggregates.append(VerbLowering.aggregate(.count, nil, where: set, "flagged", .int))
        }
        let customers = LogicalPlan.aggregate(input.scan(r.table), keys: customerKeys, aggregates: aggregates)
        let k = customerKeys.count
        // the table's last month beside every customer
        let lastMonth = LogicalPlan.aggregate(
            EconomicsPlan.withOne(input.scan(r.table)),
            keys: [EconomicsPlan.named("one", .column(r.table.fields.count, .int))],
            aggregates: [VerbLowering.aggregate(.max, r.month, where: nil, "table_last", .date)])
        let withOne = EconomicsPlan.withOne(customers)
        let oneIndex = customers.schema.fields.count
        let withLast = LogicalPlan.join(
            withOne,
            JoinNode(
                kind: .left, right: lastMonth, rightName: r.table.name,
                keys: [JoinKeyPair(left: oneIndex, right: 0)],
                added: [
                    JoinAddedField(
                        index: 1,
                        field: RelationSchema.FieldInfo(
                            name: "table_last", type: .date, info: ColumnInfo(name: "table_last")))
                ], span: input.span))
        let first = BoundExpr.column(k, .date)
        let last = BoundExpr.column(k + 1, .date)
        let next = BoundExpr.addMonths(last, 1)
        let lost: BoundExpr
        if r.endDate != nil {
            lost = .column(k + 2, .date)
        } else if r.churned != nil {
            lost = .caseWhen(
                [BoundWhen(condition: .compare(.greater, .column(k + 2, .int), .constant(.int(0), .int)), value: next)],
                otherwise: .constant(.null, .date))
        } else {
            lost = .caseWhen(
                [BoundWhen(condition: .compare(.less, last, .column(oneIndex + 1, .date)), value: next)],
                otherwise: .constant(.null, .date))
        }
        var kept: [NamedBoundExpr] = [EconomicsPlan.named("one", .column(oneIndex, .int))]
        if bySource { kept.append(EconomicsPlan.named("source", .column(1, .string))) }
        kept += [EconomicsPlan.named("first", first), EconomicsPlan.named("lost", lost)]
        let lifetimes = LogicalPlan.project(withLast, kept)
        // every period a revenue row falls in, beside every customer
        let scan = EconomicsPlan.withOne(input.scan(r.table))
        let periods = LogicalPlan.aggregate(
            scan,
            keys: [
                EconomicsPlan.named("period", .call(unit.function, [r.month], .date)),
                EconomicsPlan.named("one", .column(r.table.fields.count, .int)),
            ], aggregates: [])
        let added = (1..<kept.count).map { i in
            JoinAddedField(
                index: i,
                field: RelationSchema.FieldInfo(
                    name: kept[i].name, type: kept[i].expr.type, info: ColumnInfo(name: kept[i].name)))
        }
        let pairs = LogicalPlan.join(
            periods,
            JoinNode(
                kind: .inner, right: lifetimes, rightName: r.table.name, keys: [JoinKeyPair(left: 1, right: 0)],
                added: added, span: input.span))
        let period = BoundExpr.column(0, .date)
        let firstAt = BoundExpr.column(bySource ? 3 : 2, .date)
        let lostAt = BoundExpr.column(bySource ? 4 : 3, .date)
        let before = BoundExpr.compare(.less, firstAt, period)
        let stays = BoundExpr.or(.isNull(lostAt, negated: false), .compare(.greaterEqual, lostAt, period))
        let lostIn = BoundExpr.compare(.equal, .call(unit.function, [lostAt], .date), period)
        var keys: [NamedBoundExpr] = []
        if bySource { keys.append(EconomicsPlan.named("source", .column(2, .string))) }
        var periodKey = EconomicsPlan.named(unit.rawValue, period)
        periodKey.info.encoding = DisplayEncoding.of(period, pairs.schema)  // 2026-Q1 for quarters
        keys.append(periodKey)
        return .aggregate(
            pairs, keys: keys,
            aggregates: [
                VerbLowering.aggregate(.count, nil, where: .and(before, stays), "customers", .int),
                VerbLowering.aggregate(.count, nil, where: .and(before, lostIn), "lost", .int),
            ])
    }

    /// [source,] customer_months, lost: the monthly figures summed over every month (customer_months = the
    /// customers at the start of each month, added up), for the pooled monthly churn lost ÷ customer_months.
    static func pooled(_ input: VerbBindingInput, _ r: RevenueTable, bySource: Bool) throws(Diagnostic) -> LogicalPlan {
        let monthly = try perPeriod(input, r, bySource: bySource, unit: .month)
        let k = bySource ? 2 : 1
        return .aggregate(
            monthly, keys: bySource ? [EconomicsPlan.named("source", .column(0, .string))] : [],
            aggregates: [
                VerbLowering.aggregate(.sum, .column(k, .int), where: nil, "customer_months", .int),
                VerbLowering.aggregate(.sum, .column(k + 1, .int), where: nil, "lost", .int),
            ])
    }
}

import PipeQCore
import PipeQStorage

/// The marketing spend table cac and payback read: a period start, an amount and (usually) a source. Its periods
/// are cells as long as its start dates are apart (a month, a quarter or a year).
struct SpendTable {
    let table: Table
    let period: Int
    let amount: Int
    let source: Int?
    let cell: PeriodUnit

    static func find(_ input: VerbBindingInput) throws(Diagnostic) -> SpendTable {
        guard let t = input.catalog.table(role: .spend), let period = t.fieldIndex(role: .period),
            t.fields[period].type.isTemporal, let amount = t.fieldIndex(role: .amount),
            t.fields[amount].type.isNumeric
        else {
            throw Diagnostic(
                .bind, "\(input.name) needs marketing spend, and there is no spend table", span: input.keywordSpan,
                hint:
                    "add a spend table (period or month, source or channel, amount), or name it in pipeline.toml: [tables] spend = \"TABLE\""
            )
        }
        let length = QuotaSource.spacing(t.fields[period].column)
        return SpendTable(
            table: t, period: period, amount: amount, source: t.fieldIndex(role: .source),
            cell: PeriodUnit(rawValue: length.rawValue) ?? .month)
    }
}

/// The revenue (subscriptions) table churn, ltv and payback read: one row per customer and month with its revenue,
/// and, when there are, the customer's source, an end date or a churn flag.
struct RevenueTable {
    let table: Table
    let customer: Int
    let period: Int
    let revenue: Int
    let source: Int?
    let endDate: Int?
    let churned: Int?

    static func find(_ input: VerbBindingInput) throws(Diagnostic) -> RevenueTable {
        guard let t = input.catalog.table(role: .revenue), let customer = t.fieldIndex(role: .customer),
            let period = t.fieldIndex(role: .period), t.fields[period].type.isTemporal,
            let revenue = t.fieldIndex(role: .revenue), t.fields[revenue].type.isNumeric
        else {
            throw Diagnostic(
                .bind, "\(input.name) needs revenue per customer, and there is no revenue table",
                span: input.keywordSpan,
                hint:
                    "add a revenue table (customer, month, revenue, and an end date or churned flag), or name it in pipeline.toml: [tables] revenue = \"TABLE\""
            )
        }
        let endDate = t.fieldIndex(role: .endDate).flatMap { t.fields[$0].type.isTemporal ? $0 : nil }
        return RevenueTable(
            table: t, customer: customer, period: period, revenue: revenue,
            source: t.fieldIndex(role: .source).flatMap { t.fields[$0].type == .string ? $0 : nil },
            endDate: endDate, churned: endDate == nil ? t.fieldIndex(role: .churned) : nil)
    }

    var schema: RelationSchema { RelationSchema(table: table) }

    func column(_ i: Int) -> BoundExpr { .column(i, table.fields[i].type) }

    /// The month of a revenue row: `month(period)`.
    var month: BoundExpr { .call(.month, [column(period)], .date) }

    /// The revenue as a number.
    var amount: BoundExpr {
        let c = column(revenue)
        return c.type == .int ? .cast(c, .double) : c
    }
}

/// Small builders the unit-economics lowerings share.
enum EconomicsPlan {
    static func named(_ name: String, _ expr: BoundExpr) -> NamedBoundExpr { VerbLowering.named(name, expr) }

    /// The plan with a column `one` = 1 added last, the key two plans of one group each are joined on.
    static func withOne(_ plan: LogicalPlan) -> LogicalPlan {
        .extend(plan, [named(UniqueName.make("one", taken: plan.schema.fields.map(\.name)), .constant(.int(1), .int))])
    }

    /// `a / b`, null unless b > 0.
    static func ratio(_ a: BoundExpr, _ b: BoundExpr) -> BoundExpr { QuotaLowering.ratio(a, over: b) }

    static func double(_ e: BoundExpr) -> BoundExpr { e.type == .int ? .cast(e, .double) : e }

    /// The gross margin rate: pipeline.toml's `[economics] margin`, else 1.
    static func margin(_ input: VerbBindingInput) -> Double { input.catalog.margin ?? 1 }

    /// `plan` with the revenue per customer-month beside each row: `Join left (Aggregate revenue = sum REVENUE,
    /// customer_months = count where REVENUE is not null [by source][, by PERIOD(first month)]) on those keys` (on a
    /// constant `one` when neither, so every row gets the one figure). By period, ARPA is the cohort's: the revenue
    /// of the customers whose first revenue month falls in the period (the customers that period's spend bought),
    /// over all their months. Gives the joined plan and ARPA = revenue ÷ customer_months as an expression over it.
    /// - Parameters: `source` and `period`: where `plan` has the source key and the period key (with its unit).
    static func besideARPA(
        _ plan: LogicalPlan, _ input: VerbBindingInput, _ r: RevenueTable, source: Int?,
        period: (column: Int, unit: PeriodUnit)? = nil
    ) throws(Diagnostic) -> (plan: LogicalPlan, arpa: BoundExpr) {
        var scan = input.scan(r.table)
        var keys: [NamedBoundExpr] = []
        var pairs: [(left: Int, key: NamedBoundExpr)] = []
        if let s = source {
            guard let column = r.source else {
                throw Diagnostic(
                    .bind, "\(input.name) by source needs a source column in the revenue table \(r.table.name)",
                    span: input.keywordSpan, hint: "add the customer's source (channel) to \(r.table.name)")
            }
            pairs.append((s, named("source", r.column(column))))
        }
        if let period {
            // Each row beside its customer's first month: Join left (Aggregate first = min PERIOD by customer).
            let month = r.column(r.period)
            let firsts = LogicalPlan.aggregate(
                scan, keys: [named("customer", r.column(r.customer))],
                aggregates: [VerbLowering.aggregate(.min, month, where: nil, "first_month", month.type)])
            let name = UniqueName.make("first_month", taken: r.table.fields.map(\.name))
            scan = .join(
                scan,
                JoinNode(
                    kind: .left, right: firsts, rightName: r.table.name,
                    keys: [JoinKeyPair(left: r.customer, right: 0)],
                    added: [
                        JoinAddedField(
                            index: 1,
                            field: RelationSchema.FieldInfo(name: name, type: month.type, info: ColumnInfo(name: name)))
                    ], span: input.span))
            let first = BoundExpr.column(r.table.fields.count, month.type)
            pairs.append((period.column, named(period.unit.rawValue, .call(period.unit.function, [first], .date))))
        }
        var left = plan
        if pairs.isEmpty {
            scan = withOne(scan)
            left = withOne(plan)
            pairs.append((plan.schema.fields.count, named("one", .column(r.table.fields.count, .int))))
        }
        keys = pairs.map(\.key)
        let arpa = LogicalPlan.aggregate(
            scan, keys: keys,
            aggregates: [
                VerbLowering.aggregate(.sum, r.amount, where: nil, "revenue", .double),
                VerbLowering.aggregate(.count, nil, where: .isNull(r.amount, negated: true), "customer_months", .int),
            ])
        // Names unique beside the left's columns (a churn plan has its own customer_months): SQL reads by name.
        var taken = left.schema.fields.map(\.name)
        let added = [("revenue", DataType.double), ("customer_months", .int)].enumerated().map { i, field in
            let name = UniqueName.make(field.0, taken: taken)
            taken.append(name)
            return JoinAddedField(
                index: keys.count + i,
                field: RelationSchema.FieldInfo(name: name, type: field.1, info: ColumnInfo(name: name)))
        }
        let joined = LogicalPlan.join(
            left,
            JoinNode(
                kind: .left, right: arpa, rightName: r.table.name,
                keys: pairs.enumerated().map { JoinKeyPair(left: $1.left, right: $0) }, added: added,
                span: input.span))
        let count = joined.schema.fields.count
        return (joined, ratio(.column(count - 2, .double), .cast(.column(count - 1, .int), .double)))
    }
}

import PipeQCore
import PipeQStorage

/// What cac and payback share: marketing spend and the input's won deals (new customers) in the same cells — the
/// spend table's periods, and its sources when both it and the deals have one — summed per group.
///
/// `Aggregate spend = sum amount by [source,] CELL(period)` over the spend table, `Join left` the won deals counted
/// the same way (`Aggregate won = count by [source,] CELL(close_date)` over `Filter outcome = "won"`), then
/// `Aggregate spend = sum spend, won = sum won by KEYS`. Won deals in a cell without spend are not counted.
struct AcquisitionLowering {
    /// KEYS, spend, won (null where no deal was won).
    var plan: LogicalPlan
    var keyCount: Int
    var keys: EconomicsKeys

    init(_ input: VerbBindingInput, _ plan: LogicalPlan, _ keys: EconomicsKeys) throws(Diagnostic) {
        self.keys = keys
        let spend = try SpendTable.find(input)
        if let unit = keys.unit, unit.rank < spend.cell.rank {
            throw Diagnostic(
                .bind,
                "\(input.name) by \(unit.rawValue) is finer than \(spend.table.name)'s periods (a \(spend.cell.rawValue) each)",
                span: input.keywordSpan, hint: "group by \(spend.cell.rawValue) or longer")
        }
        var dealSource: Int?
        if keys.bySource {
            guard spend.source != nil else {
                throw Diagnostic(
                    .bind, "\(input.name) by source needs a source column in the spend table \(spend.table.name)",
                    span: input.keywordSpan, hint: "add a source (or channel) column to \(spend.table.name)")
            }
            dealSource = try VerbSupport.require(
                .source, input, for: "each deal's source (lead source), matched with the spend's", types: [.string])
        } else if spend.source != nil, let i = input.schema.index(role: .source, types: [.string]) {
            dealSource = i
        }
        let matchSource = spend.source != nil && dealSource != nil
        let won = VerbLowering.outcome(try VerbSupport.outcome(input), is: "won")
        let close = try QuotaLowering.closeDate(input)

        let spendSchema = RelationSchema(table: spend.table)
        var spendKeys: [NamedBoundExpr] = []
        var wonKeys: [NamedBoundExpr] = []
        if matchSource, let s = spend.source, let d = dealSource {
            spendKeys.append(EconomicsPlan.named("source", .column(s, .string)))
            wonKeys.append(EconomicsPlan.named("source", .column(d, .string)))
        }
        let period = BoundExpr.column(spend.period, spendSchema.fields[spend.period].type)
        spendKeys.append(EconomicsPlan.named("cell", .call(spend.cell.function, [period], .date)))
        wonKeys.append(EconomicsPlan.named("cell", .call(spend.cell.function, [close], .date)))
        let amount = EconomicsPlan.double(.column(spend.amount, spendSchema.fields[spend.amount].type))
        let spent = LogicalPlan.aggregate(
            input.scan(spend.table), keys: spendKeys,
            aggregates: [VerbLowering.aggregate(.sum, amount, where: nil, "spend", .double)])
        let wins = LogicalPlan.aggregate(
            .filter(plan, won), keys: wonKeys,
            aggregates: [VerbLowering.aggregate(.count, nil, where: nil, "won", .int)])
        let n = spendKeys.count
        let joined = LogicalPlan.join(
            spent,
            JoinNode(
                kind: .left, right: wins, rightName: "deals",
                keys: (0..<n).map { JoinKeyPair(left: $0, right: $0) },
                added: [
                    JoinAddedField(
                        index: n,
                        field: RelationSchema.FieldInfo(name: "won", type: .int, info: ColumnInfo(name: "won")))
                ], span: input.span))
        var groupKeys: [NamedBoundExpr] = []
        if keys.bySource { groupKeys.append(EconomicsPlan.named("source", .column(0, .string))) }
        if let unit = keys.unit {
            groupKeys.append(EconomicsPlan.named(unit.rawValue, .call(unit.function, [.column(n - 1, .date)], .date)))
        }
        keyCount = groupKeys.count
        self.plan = .aggregate(
            joined, keys: groupKeys,
            aggregates: [
                VerbLowering.aggregate(.sum, .column(n, .double), where: nil, "spend", .double),
                VerbLowering.aggregate(.sum, .column(n + 1, .int), where: nil, "won", .int),
            ])
    }

    var spend: BoundExpr { .call(.coalesce, [.column(keyCount, .double), .constant(.double(0), .double)], .double) }
    var won: BoundExpr { .call(.coalesce, [.column(keyCount + 1, .int), .constant(.int(0), .int)], .int) }

    /// spend ÷ won, null without won deals.
    var cac: BoundExpr { EconomicsPlan.ratio(spend, .cast(won, .double)) }

    /// "no won deals" where spend bought none.
    var note: BoundExpr {
        .caseWhen(
            [
                BoundWhen(
                    condition: .compare(.equal, won, .constant(.int(0), .int)),
                    value: .constant(.string("no won deals in the spend's sources and periods"), .string))
            ], otherwise: .constant(.null, .string))
    }
}

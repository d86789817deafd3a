import PipeQCore
import PipeQStorage

/// What the lead verbs share: each lead of the input beside what became of it, from the deals table's rows that
/// name it (a lead_id or mql_id column): how many deals, how many of them won, and when the first was created
/// (else closed). A deal is won by its outcome (status or stage), else — a table of closed deals only, as Olist's —
/// when it has a close date.
///
/// `Aggregate deals = count, won = count where WON, converted_at = min(created | close_date) by LEAD_REF` over the
/// deals table, then `Join left` the input on its lead id.
struct LeadLowering {
    /// The input's columns, then deals, won, converted_at.
    var plan: LogicalPlan
    let inputCount: Int
    var deals: BoundExpr { .column(inputCount, .int) }
    var won: BoundExpr { .column(inputCount + 1, .int) }
    var convertedAt: BoundExpr { .column(inputCount + 2, plan.schema.fields[inputCount + 2].type) }

    /// Whether the lead became a deal (an opportunity).
    var converted: BoundExpr { .compare(.greater, deals, .constant(.int(0), .int)) }
    var isWon: BoundExpr { .compare(.greater, won, .constant(.int(0), .int)) }

    init(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) {
        guard input.schema.role == .leads, let id = input.schema.index(role: .leadId) else {
            throw Diagnostic(
                .bind, "\(input.name) here reads leads, and its input is not the leads table", span: input.keywordSpan,
                hint: "leads | \(input.name == "funnel" ? "funnel" : "conversion by origin")")
        }
        guard let dealsTable = input.catalog.table(role: .deals), let ref = dealsTable.leadReference else {
            throw Diagnostic(
                .bind, "\(input.name) needs deals that name their lead, and the deals have no lead_id or mql_id column",
                span: input.keywordSpan, hint: "add the lead's id to the deals as lead_id")
        }
        let schema = RelationSchema(table: dealsTable)
        let refType = schema.fields[ref].type
        guard refType == input.schema.fields[id].type else {
            throw Diagnostic(
                .bind,
                "\(input.name) matches leads to deals by lead id, but the leads' is \(input.schema.fields[id].type.withArticle) column and the deals' \(refType.withArticle) one",
                span: input.keywordSpan)
        }
        let wonTest: BoundExpr
        if let outcome = OutcomeRule.classifier(in: schema, stages: input.catalog.stages) {
            wonTest = VerbLowering.outcome(outcome, is: "won")
        } else if let close = schema.index(role: .closeDate) {
            wonTest = .isNull(.column(close, schema.fields[close].type), negated: true)
        } else {
            wonTest = .constant(.bool(false), .bool)
        }
        let atIndex = schema.index(role: .created) ?? schema.index(role: .closeDate)
        let at: BoundExpr = atIndex.map { .column($0, schema.fields[$0].type) } ?? .constant(.null, .date)
        let perLead = LogicalPlan.aggregate(
            input.scan(dealsTable), keys: [EconomicsPlan.named("lead", .column(ref, refType))],
            aggregates: [
                VerbLowering.aggregate(.count, nil, where: nil, "deals", .int),
                VerbLowering.aggregate(.count, nil, where: wonTest, "won", .int),
                VerbLowering.aggregate(.min, at, where: nil, "converted_at", at.type),
            ])
        inputCount = input.schema.fields.count
        let taken = input.schema.fields.map(\.name)
        let added = [("deals", DataType.int), ("won", .int), ("converted_at", at.type)].enumerated().map { i, f in
            let name = UniqueName.make(f.0, taken: taken)
            return JoinAddedField(
                index: i + 1, field: RelationSchema.FieldInfo(name: name, type: f.1, info: ColumnInfo(name: name)))
        }
        self.plan = .join(
            plan,
            JoinNode(
                kind: .left, right: perLead, rightName: dealsTable.name, keys: [JoinKeyPair(left: id, right: 0)],
                added: added, span: input.span))
    }
}

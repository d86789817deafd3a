import PipeQCore
import PipeQStorage

/// `slipped`: the input deals with a `slipped` column beside them, how many times each deal's close date moved
/// later (close dates over time, from `TermsSource`: Salesforce OpportunityHistory's CLOSEDATE, every edit of it
/// kept in the terms table at import). A verb rather than a
/// derived column because it reads the history table; its rows are still deals, so `where`, `extend` and
/// aggregates follow (`deals | slipped | where slipped >= 2`).
struct SlippedPlan: VerbPlan {
    static let binder = VerbBinder(word: "slipped") { input throws(Diagnostic) in try SlippedPlan(input) }

    private(set) var terms: TermsSource
    let id: Int
    let asOfDay: Int32
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input)
        try VerbSupport.refuseKeys(input)
        guard let terms = TermsSource.find(input), terms.closeDate != nil else {
            throw Diagnostic(
                .bind,
                "slipped counts close-date moves in the history, and there is no history table with deal_id, "
                    + "entered_at and close_date", span: input.keywordSpan,
                hint: "a history with a close date per row (Salesforce OpportunityHistory: CLOSEDATE), or map it in "
                    + "pipeline.toml: [roles] \"history.close_date\" = \"COLUMN\"")
        }
        self.terms = terms
        id = try VerbSupport.require(.id, input, for: "the deals' id to match them with the history")
        asOfDay = input.context.asOfDay
        var schema = input.schema
        var taken = schema.fields.map(\.name)
        let name = UniqueName.take("slipped", &taken)
        schema.fields.append(.init(name: name, type: .int, info: ColumnInfo(name: name)))
        outputSchema = schema
    }

    var explanation: String {
        "Slipped (times each deal's close_date moved later, from \(terms.table.name) rows)"
    }

    var sideInputs: [LogicalPlan] { [terms.plan] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if let read = rows.first { plan.terms = terms.reading(read) }
        let terms = DealTerms(ids: VerbSupport.column(input, id), closeDate: nil, value: nil, terms: plan.terms)
        try context.checkCancelled()
        let pushes = terms.pushes(upTo: asOfDay) ?? [Int64?](repeating: nil, count: input.count)
        var out = input
        let info = outputSchema.fields[input.fields.count]
        out.fields.append(
            RelationField(
                name: info.name, info: info.info,
                column: VerbSupport.intColumn(pushes.map { $0 ?? 0 }, nullWhere: { pushes[$0] == nil })))
        return out
    }
}

extension SlippedPlan {
    var form: HistoryVerbForm? {
        .slipped(SlippedForm(terms: terms.read, id: id, asOfDay: asOfDay, outputSchema: outputSchema))
    }
}

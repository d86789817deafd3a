import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `changes [summary] from DATE to DATE`: what moved the open pipeline between two snapshots.
struct ChangesPlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(word: "changes") { input throws(Diagnostic) in try ChangesPlan(input) }

    typealias Kind = ChangesForm.Kind

    let summary: Bool
    let from: Int32, to: Int32
    private(set) var history: HistoryColumns
    /// Each deal's close date and amount over time (the terms table, else the history's own columns).
    private(set) var terms: TermsSource
    let id: Int, value: Int
    let stage: Int?, stageEntered: Int?, created: Int?, closeDate: Int?
    let stages: StageDefinitions
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        try VerbSupport.refuseKeys(input)
        let usage = "usage: " + VerbSupport.usage("changes")
        var summary = false
        var dates: [String: Int32] = [:]
        var pending: (String, SourceSpan)?
        for argument in input.arguments {
            switch argument {
            case .word(let word, let span):
                let lower = word.lowercased()
                if let (name, at) = pending {
                    throw Diagnostic(
                        .bind, "\"\(name)\" needs a date", span: at,
                        hint: "e.g. \"changes from 2026-09-30 to 2026-10-31\"")
                }
                if lower == "summary" || lower == "detail" {
                    summary = lower == "summary"
                } else if lower == "from" || lower == "to" {
                    pending = (lower, span)
                } else {
                    throw Diagnostic(
                        .bind, "unknown option \"\(word)\" for changes", span: span,
                        hint: Suggestions.hint(for: word, in: ["summary", "from", "to"]) ?? usage)
                }
            case .expr(let expr):
                guard let (name, _) = pending else {
                    throw Diagnostic(
                        .bind, "changes does not take \"\(input.context.text(of: expr.span))\"", span: expr.span,
                        hint: usage)
                }
                dates[name] = try QueryBinder.constantDay(
                    expr, context: input.context, example: "changes from 2026-09-30 to 2026-10-31",
                    what: "\"changes \(name)\"")
                pending = nil
            }
        }
        if let (name, at) = pending {
            throw Diagnostic(
                .bind, "\"\(name)\" needs a date", span: at, hint: "e.g. \"changes from 2026-09-30 to 2026-10-31\"")
        }
        guard let from = dates["from"], let to = dates["to"] else {
            throw Diagnostic(
                .bind, "changes needs the period: from DATE to DATE", span: input.span,
                hint: "e.g. \"changes from 2026-09-30 to 2026-10-31\"")
        }
        guard from <= to else {
            throw Diagnostic(
                .bind,
                "changes needs from before to: \(CivilTime.formatDate(Int(from))) is after \(CivilTime.formatDate(Int(to)))",
                span: input.span)
        }
        guard let history = HistoryColumns.find(input, needTimes: true) else {
            throw Diagnostic(
                .bind,
                "changes rebuilds the pipeline at both dates from the stage history, and there is no history table "
                    + "with deal_id, stage and entered_at", span: input.keywordSpan, hint: HistoryColumns.missingHint)
        }
        if input.schema.index(role: .dealId) != nil {
            throw Diagnostic(
                .bind, "changes compares deals: run it on the deals table", span: input.keywordSpan,
                hint: "e.g. \"deals | changes from 2026-09-30 to 2026-10-31\"; it reads the history table itself")
        }
        self.summary = summary
        self.from = from
        self.to = to
        self.history = history
        // The history has a deal id and entry times, so there are terms to read, if only its own columns.
        guard let terms = TermsSource.find(input) else {
            throw Diagnostic(.bind, "changes found no deal_id and time in the history", span: input.keywordSpan)
        }
        self.terms = terms
        id = try VerbSupport.require(.id, input, for: "the deals' id to match them with the history")
        value = try VerbSupport.require(.value, input, for: "each deal's value", types: [.int, .double])
        stage = input.schema.index(role: .stage, types: [.string])
        stageEntered = input.schema.index(role: .stageEntered, types: [.date, .timestamp])
        created = input.schema.index(role: .created, types: [.date, .timestamp])
        closeDate = input.schema.index(role: .closeDate, types: [.date, .timestamp])
        stages = input.catalog.stages
        if summary {
            outputSchema = RelationSchema.plain([
                ("kind", .string), ("deals", .int), ("value", .double), ("note", .string),
            ])
        } else {
            let idField = input.schema.fields[id]
            outputSchema = RelationSchema(fields: [
                .init(name: "kind", type: .string, info: ColumnInfo(name: "kind")),
                .init(name: "id", type: idField.type, info: ColumnInfo(name: "id", role: .id)),
                .init(name: "value", type: .double, info: ColumnInfo(name: "value", role: .value)),
                .init(name: "from_stage", type: .string, info: ColumnInfo(name: "from_stage")),
                .init(name: "to_stage", type: .string, info: ColumnInfo(name: "to_stage")),
                .init(name: "from_close", type: .date, info: ColumnInfo(name: "from_close")),
                .init(name: "to_close", type: .date, info: ColumnInfo(name: "to_close")),
            ])
        }
    }

    var explanation: String {
        "Changes\(summary ? " summary" : "") from the end of \(CivilTime.formatDate(Int(from))) to the end of \(CivilTime.formatDate(Int(to))) "
            + "(from \(history.table.name) rows"
            + (terms.isTermsTable ? ", close dates and amounts from \(terms.table.name))" : ")")
    }

    var sideInputs: [LogicalPlan] { [history.plan, terms.plan] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if rows.count == 2 {
            plan.history = history.reading(rows[0])
            plan.terms = terms.reading(rows[1])
        }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let column = { (i: Int?) in i.map { VerbSupport.column(input, $0) } }
        let ids = VerbSupport.column(input, id)
        let timeline = DealTimeline(
            ids: ids, stage: column(stage), stageEntered: column(stageEntered),
            created: column(created), history: history, stages: stages)
        let start = timeline.state(atEndOf: from)
        try context.checkCancelled()
        let end = timeline.state(atEndOf: to)
        let terms = DealTerms(ids: ids, closeDate: column(closeDate), value: column(value), terms: terms)
        let (closeS, amountS) = terms.state(atEndOf: from)
        let (closeE, amountE) = terms.state(atEndOf: to)
        try context.checkCancelled()
        let open = OutcomeSource.open
        let won = OutcomeSource.won
        let lost = OutcomeSource.lost
        let absent = DealTimeline.absent
        let hasClose = terms.hasCloseDates
        let unknown = DealTerms.unknown
        // In the period's pipeline: open, and expected to close by TO (every open deal when no close dates are known).
        func tracked(_ status: UInt8, _ close: Int32) -> Bool {
            status == open && (!hasClose || (close != unknown && close <= to))
        }
        // Rows per kind: (deal position, the amount the line counts; NaN when the deal has none).
        var rows: [[(Int32, Double)]] = Array(repeating: [], count: Kind.allCases.count)
        func add(_ k: Kind, _ p: Int, _ amount: Double) { rows[k.rawValue].append((Int32(p), amount)) }
        var startDeals: Int64 = 0
        var endDeals: Int64 = 0
        var startValue = 0.0
        var endValue = 0.0
        let zero = { (v: Double) in v.isNaN ? 0 : v }
        for p in 0..<input.count {
            let s = start.status[p]
            let e = end.status[p]
            let inStart = tracked(s, closeS[p])
            let inEnd = tracked(e, closeE[p])
            let closed = (e == won || e == lost) && (s == open || s == absent)
            if s == open, e == open, start.label[p] != end.label[p] { add(.moved, p, amountE[p]) }
            if e == open, closeE[p] != unknown, closeE[p] > from, closeE[p] <= to { add(.overdue, p, amountE[p]) }
            guard inStart || inEnd || closed else { continue }
            if inStart {
                startDeals += 1
                startValue += zero(amountS[p])
                let delta = zero(amountE[p]) - zero(amountS[p])
                if delta > 0 { add(.amountUp, p, delta) } else if delta < 0 { add(.amountDown, p, -delta) }
                if !inEnd && !closed { add(.pushed, p, amountE[p]) }
            } else {
                add(s == open ? .pulled : .created, p, amountE[p])
            }
            if inEnd {
                endDeals += 1
                endValue += zero(amountE[p])
            }
            if closed { add(e == won ? .won : .lost, p, amountE[p]) }
        }
        if summary {
            func total(_ k: Kind) -> (Int64, Double) {
                (Int64(rows[k.rawValue].count), rows[k.rawValue].reduce(0.0) { $0 + zero($1.1) })
            }
            let counts: [(Int64, Double)] =
                [(startDeals, startValue)] + Kind.waterfall.map(total) + [(endDeals, endValue)]
            let notes = ChangesForm.notes(from: from, to: to, hasCloseDates: hasClose)
            let n = ChangesForm.lines.count
            return VerbSupport.relation(
                outputSchema, keyFields: [],
                columns: [
                    VerbSupport.labelColumn((0..<n).map { UInt32($0) }, labels: ChangesForm.lines),
                    VerbSupport.intColumn(counts.map(\.0)),
                    VerbSupport.doubleColumn(counts.map(\.1)),
                    Column(.string(codes: (0..<n).map { UInt32($0) }, StringDictionary(values: notes))),
                ], count: n)
        }
        var kind: [UInt32] = []
        var picked: [Int32] = []
        var amounts: [Double] = []
        for (k, list) in rows.enumerated() {
            kind += [UInt32](repeating: UInt32(k), count: list.count)
            picked += list.map(\.0)
            amounts += list.map(\.1)
        }
        let n = picked.count
        let labels = timeline.labels.isEmpty ? [""] : timeline.labels
        let order: [String]? = stages.stages.isEmpty ? nil : stages.order
        func stageColumn(_ state: DealTimeline.State) -> Column {
            let codes = picked.map { state.label[Int($0)] }
            return Column(
                .string(codes: codes.map { UInt32(max(0, $0)) }, StringDictionary(values: labels, order: order)),
                nulls: NullBitmap.from(count: n) { codes[$0] < 0 })
        }
        func closeColumn(_ days: [Int32]) -> Column {
            let v = picked.map { days[Int($0)] }
            return Column(
                .date(v.map { $0 == unknown ? 0 : $0 }), nulls: NullBitmap.from(count: n) { v[$0] == unknown })
        }
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                VerbSupport.labelColumn(kind, labels: ChangesForm.kinds),
                ids.gathered(picked),
                VerbSupport.doubleColumn(amounts),
                stageColumn(start),
                stageColumn(end),
                closeColumn(closeS),
                closeColumn(closeE),
            ], count: n)
    }
}

extension ChangesPlan {
    var form: HistoryVerbForm? {
        .changes(
            ChangesForm(
                summary: summary, from: from, to: to, history: history.read, terms: terms.read, id: id,
                value: value, stage: stage, stageEntered: stageEntered, created: created, closeDate: closeDate,
                outputSchema: outputSchema))
    }
}

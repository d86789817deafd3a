import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `changes [summary] from DATE to DATE`: what moved the open pipeline between two snapshots.
struct ChangesPlan: VerbPlan {
    var usesStageOrder: Bool { true }
    static let binder = VerbBinder(word: "changes") { input throws(Diagnostic) in try ChangesPlan(input) }

    static let kinds = ["new", "won", "lost", "moved", "slipped"]
    static let lines = ["open at start", "new", "won", "lost", "moved", "slipped", "open at end"]

    let summary: Bool
    let from: Int32, to: Int32
    private(set) var history: HistoryColumns
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
            ])
        }
    }

    /// The summary's note for each of its `lines`.
    var notes: [String] {
        let f = CivilTime.formatDate(Int(from))
        let t = CivilTime.formatDate(Int(to))
        return [
            "open at the end of \(f)",
            "+ open by \(t), not open at \(f) (created in the period, or reopened)",
            "− won in the period",
            "− lost in the period",
            "± changed open stage (value stays in the pipeline)",
            closeDate == nil
                ? "unknown: the deals have no close_date column" : "still open at \(t), close_date in the period",
            "= open at the end of \(t)",
        ]
    }

    var explanation: String {
        "Changes\(summary ? " summary" : "") from the end of \(CivilTime.formatDate(Int(from))) to the end of \(CivilTime.formatDate(Int(to))) "
            + "(from \(history.table.name) rows)"
    }

    var sideInputs: [LogicalPlan] { [history.plan] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic)
        -> Relation
    {
        var plan = self
        if let read = rows.first { plan.history = history.reading(read) }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let column = { (i: Int?) in i.map { VerbSupport.column(input, $0) } }
        let timeline = DealTimeline(
            ids: VerbSupport.column(input, id), stage: column(stage), stageEntered: column(stageEntered),
            created: column(created), history: history, stages: stages)
        let start = timeline.state(atEndOf: from)
        try context.checkCancelled()
        let end = timeline.state(atEndOf: to)
        let valueColumn = VerbSupport.column(input, value)
        let values = VerbSupport.doubles(valueColumn)
        let close = column(closeDate)
        let closeDays = close.map { VerbSupport.days($0) }
        let open = OutcomeSource.open
        let won = OutcomeSource.won
        let lost = OutcomeSource.lost
        let absent = DealTimeline.absent
        // Rows per kind (new, won, lost, moved, slipped): deal positions.
        var rows: [[Int32]] = Array(repeating: [], count: Self.kinds.count)
        var startDeals: Int64 = 0
        var endDeals: Int64 = 0
        var startValue = 0.0
        var endValue = 0.0
        for p in 0..<input.count {
            let s = start.status[p]
            let e = end.status[p]
            let worth = valueColumn.isNull(p) ? 0 : values[p]
            if s == open {
                startDeals += 1
                startValue += worth
            }
            if e == open {
                endDeals += 1
                endValue += worth
            }
            let entered = (s == absent && e != absent) || (s != open && s != absent && e == open)
            if entered { rows[0].append(Int32(p)) }
            if s == open || entered {
                if e == won { rows[1].append(Int32(p)) } else if e == lost { rows[2].append(Int32(p)) }
            }
            if s == open, e == open, start.label[p] != end.label[p] { rows[3].append(Int32(p)) }
            if e == open, let close, let closeDays, !close.isNull(p), closeDays[p] > from, closeDays[p] <= to {
                rows[4].append(Int32(p))
            }
        }
        if summary {
            func total(_ k: Int) -> (Int64, Double) {
                var v = 0.0
                for p in rows[k] where !valueColumn.isNull(Int(p)) { v += values[Int(p)] }
                return (Int64(rows[k].count), v)
            }
            let counts: [(Int64, Double)] = [
                (startDeals, startValue), total(0), total(1), total(2), total(3), total(4), (endDeals, endValue),
            ]
            let notes = self.notes
            let unknown = closeDate == nil
            return VerbSupport.relation(
                outputSchema, keyFields: [],
                columns: [
                    VerbSupport.labelColumn((0..<7).map { UInt32($0) }, labels: Self.lines),
                    VerbSupport.intColumn(counts.map(\.0), nullWhere: { unknown && $0 == 5 }),
                    VerbSupport.doubleColumn(counts.enumerated().map { unknown && $0 == 5 ? .nan : $1.1 }),
                    Column(.string(codes: (0..<7).map { UInt32($0) }, StringDictionary(values: notes))),
                ], count: 7)
        }
        var kind: [UInt32] = []
        var picked: [Int32] = []
        for (k, list) in rows.enumerated() {
            kind += [UInt32](repeating: UInt32(k), count: list.count)
            picked += list
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
        let pickedValues = picked.map { valueColumn.isNull(Int($0)) ? Double.nan : values[Int($0)] }
        return VerbSupport.relation(
            outputSchema, keyFields: [],
            columns: [
                VerbSupport.labelColumn(kind, labels: Self.kinds),
                VerbSupport.column(input, id).gathered(picked),
                VerbSupport.doubleColumn(pickedValues),
                stageColumn(start),
                stageColumn(end),
            ], count: n)
    }
}

extension ChangesPlan {
    var form: HistoryVerbForm? {
        .changes(
            ChangesForm(
                summary: summary, from: from, to: to, history: history.read, id: id, value: value, stage: stage,
                stageEntered: stageEntered, created: created, closeDate: closeDate, kinds: Self.kinds,
                lines: Self.lines, notes: notes, outputSchema: outputSchema))
    }
}

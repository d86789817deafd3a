import PipeQCore
import PipeQStorage

/// `deals asof DATE`: the catalog as it stood at the end of a day, rebuilt from the history table.
enum PipelineAsOf {
    /// The tables and columns rebuilding needs, found without reading rows (binding checks this, so running
    /// can only fail by a cancel).
    struct Inputs {
        let deals: Table
        let history: HistoryColumns
        let id: Int
        let stage: Int
    }

    /// What rebuilding `catalog` needs, or the diagnostic saying what is missing.
    static func inputs(_ catalog: Catalog, span: SourceSpan) throws(Diagnostic) -> Inputs {
        guard let deals = catalog.table(role: .deals) else {
            throw Diagnostic(
                .bind, "snapshots (\"asof\") need a deals table, and none is loaded", span: span,
                hint: "load a deals CSV (id, stage, created, …) with a history CSV beside it")
        }
        guard let history = HistoryColumns.find(catalog, needTimes: true) else {
            throw Diagnostic(
                .bind,
                "snapshots (\"asof\") rebuild the pipeline from the stage history, and there is no history table "
                    + "with deal_id, stage and entered_at", span: span, hint: HistoryColumns.missingHint)
        }
        guard let id = deals.fieldIndex(role: .id) else {
            throw Diagnostic(
                .bind, "snapshots (\"asof\") match deals with their history by id, and \(deals.name) has no id column",
                span: span,
                hint: "map one in pipeline.toml: [roles] \"deals.id\" = \"COLUMN\"")
        }
        guard let stage = deals.fieldIndex(role: .stage), deals.fields[stage].type == .string else {
            throw Diagnostic(
                .bind, "snapshots (\"asof\") need the deals' stage column", span: span,
                hint: "map one in pipeline.toml: [roles] \"deals.stage\" = \"COLUMN\"")
        }
        return Inputs(deals: deals, history: history, id: id, stage: stage)
    }

    /// The catalog with its deals and history tables replaced by their state at the end of `day`.
    /// Stops with the cancel diagnostic between its steps once `cancellation` is set.
    static func catalog(
        _ catalog: Catalog, day: Int32, span: SourceSpan,
        cancellation: CancellationFlag = CancellationFlag()
    ) throws(Diagnostic) -> Catalog {
        func check() throws(Diagnostic) { if cancellation.isCancelled { throw ExecutionContext.cancelled } }
        let inputs = try inputs(catalog, span: span)
        let deals = inputs.deals
        let history = inputs.history
        let id = inputs.id
        let stage = inputs.stage
        func temporal(_ role: ColumnRole) -> Int? {
            deals.fieldIndex(role: role).flatMap { deals.fields[$0].type.isTemporal ? $0 : nil }
        }
        let stageEntered = temporal(.stageEntered)
        let created = temporal(.created)
        let timeline = DealTimeline(
            ids: deals.fields[id].column, stage: deals.fields[stage].column,
            stageEntered: stageEntered.map { deals.fields[$0].column },
            created: created.map { deals.fields[$0].column }, history: history, stages: catalog.stages)
        try check()
        let state = timeline.state(atEndOf: day)
        try check()
        var rows: [Int32] = []
        rows.reserveCapacity(deals.rowCount)
        for p in 0..<deals.rowCount where state.status[p] != DealTimeline.absent { rows.append(Int32(p)) }
        let labels = state.label
        var fields: [Field] = []
        for (i, field) in deals.fields.enumerated() {
            try check()
            let column: Column
            switch field.info.role {
            case .stage? where i == stage:
                let order = stageOrder(field.column, stages: catalog.stages)
                column = Column(
                    .string(
                        codes: rows.map { UInt32(max(0, labels[Int($0)])) },
                        StringDictionary(values: timeline.labels.isEmpty ? [""] : timeline.labels, order: order)),
                    nulls: NullBitmap.from(count: rows.count) { labels[Int(rows[$0])] < 0 })
            case .status? where field.type == .string:
                column = statusColumn(field.column, rows.map { state.status[Int($0)] })
            case .stageEntered? where i == stageEntered:
                let when = rows.map { state.entered[Int($0)] }
                let nulls = NullBitmap.from(count: rows.count) { when[$0] == .min }
                if field.type == .date {
                    column = Column(
                        .date(
                            when.map {
                                $0 == .min ? 0 : Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay))
                            }), nulls: nulls)
                } else {
                    column = Column(.timestamp(when.map { $0 == .min ? 0 : $0 }), nulls: nulls)
                }
            case .probability? where field.type.isNumeric:
                column = probabilityColumn(
                    field.column, rows: rows, label: labels, timeline: timeline, stages: catalog.stages)
            default:
                column = field.column.gathered(rows)
            }
            fields.append(Field(field.info, column))
        }
        let snapshotDeals = Table(
            name: deals.name, fields: fields, sourcePath: deals.sourcePath, role: deals.role, derived: deals.derived)
        try check()
        let snapshotHistory = cut(history, day: day)
        try check()
        let tables = catalog.tables.map { t -> Table in
            if t === deals { return snapshotDeals }
            if t === history.table { return snapshotHistory }
            return t
        }
        return Catalog(
            tables: tables, stages: catalog.stages, datasetName: catalog.datasetName,
            fiscalYearStart: catalog.fiscalYearStart, quotaPeriod: catalog.quotaPeriod,
            margin: catalog.margin)
    }

    /// open/won/lost in the status column's own spelling when it has one ("Won"), else lower case; the column's
    /// dictionary (and its sort order) is kept, with any missing outcome added.
    static func statusColumn(_ original: Column, _ codes: [UInt8]) -> Column {
        let (names, values, order) = statusSpelling(original)
        let dict = StringDictionary(values: values, order: order)
        let table = names.map { dict.code(of: $0)! }
        return Column(
            .string(codes: codes.map { table[Int(min($0, 2))] }, dict),
            nulls: NullBitmap.from(count: codes.count) { codes[$0] > 2 })
    }

    /// The rebuilt stage column's sort order: the stage definitions' when the column had a custom order.
    static func stageOrder(_ original: Column, stages: StageDefinitions) -> [String]? {
        if case .string(_, let dict) = original.values, dict.hasCustomOrder, !stages.stages.isEmpty {
            return stages.order
        }
        return nil
    }

    /// A status column's spelling of open, won and lost (its own values where it has them), its values with any
    /// missing outcome added, and their sort order (nil: byte order).
    static func statusSpelling(_ original: Column) -> (names: [String], values: [String], order: [String]?) {
        var names = ["open", "won", "lost"]
        var values: [String] = []
        var order: [String]?
        if let (_, dict) = original.values.distinctStrings {
            values = dict.values
            for (k, outcome) in [StageOutcome.open, .won, .lost].enumerated() {
                if let v = dict.values.first(where: {
                    StageDefinitions.outcomeFromName($0) == outcome && (outcome != .open || $0.lowercased() == "open")
                }) {
                    names[k] = v
                }
            }
            if dict.hasCustomOrder {
                let ranks = dict.ranks
                order = (0..<dict.count).sorted { ranks[$0] < ranks[$1] }.map { dict.values[$0] }
            }
        }
        for name in names where !values.contains(name) {
            values.append(name)
            order?.append(name)
        }
        return (names, values, order)
    }

    /// Today's probability where the stage is unchanged; the stage's probability from the definitions otherwise.
    static func probabilityColumn(
        _ original: Column, rows: [Int32], label: [Int32], timeline: DealTimeline, stages: StageDefinitions
    ) -> Column {
        let own = VerbSupport.doubles(original)
        let scale = probabilityScale(original)
        let byLabel: [Double] = timeline.labels.map {
            (stages.definition(named: $0)?.probability).map { $0 * scale } ?? .nan
        }
        var out = [Double](repeating: .nan, count: rows.count)
        for (r, row) in rows.enumerated() {
            let p = Int(row)
            if label[p] == timeline.currentLabel[p] {
                out[r] = original.isNull(p) ? .nan : own[p]
            } else if label[p] >= 0 {
                out[r] = byLabel[Int(label[p])]
            }
        }
        let nulls = NullBitmap.from(count: out.count) { !out[$0].isFinite }
        if case .int = original.values {
            return Column(.int(out.map { $0.isFinite ? Int64($0.rounded()) : 0 }), nulls: nulls)
        }
        return Column(.double(out.map { $0.isFinite ? $0 : 0 }), nulls: nulls)
    }

    /// 100 when the probability column holds percentages (a value above 1), else 1.
    static func probabilityScale(_ original: Column) -> Double {
        let own = VerbSupport.doubles(original)
        return (0..<original.count).contains { !original.isNull($0) && own[$0] > 1 } ? 100 : 1
    }

    /// The history table as it stood at the end of `day`: rows entered later dropped, later exits cleared.
    static func cut(_ history: HistoryColumns, day: Int32) -> Table {
        let cutoff = (Int64(day) + 1) * CivilTime.microsPerDay
        let table = history.table
        let enteredColumn = history.column(history.enteredAt!)
        let entered = VerbSupport.micros(enteredColumn)
        var rows: [Int32] = []
        rows.reserveCapacity(table.rowCount)
        for h in 0..<table.rowCount where !enteredColumn.isNull(h) && entered[h] < cutoff { rows.append(Int32(h)) }
        let fields = table.fields.enumerated().map { i, field -> Field in
            let column = field.column.gathered(rows)
            guard i == history.exitedAt else { return Field(field.info, column) }
            let exited = VerbSupport.micros(column)
            let nulls = NullBitmap.from(count: rows.count) { column.isNull($0) || exited[$0] >= cutoff }
            return Field(field.info, Column(column.values, nulls: nulls))
        }
        return Table(
            name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role, derived: table.derived)
    }
}

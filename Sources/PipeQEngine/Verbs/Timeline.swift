import PipeQCore
import PipeQStorage

/// Each deal's stage as it stood at the end of a day, replayed from the history table: the last history row
/// entered on or before that day (entered_at < the next midnight; ties go to the later row). Snapshots
/// (`deals asof DATE`) and `changes` both read deals through this.
///
/// A deal exists on a day when it was created on or before it (without a created date: when it has a history
/// row by then). A deal that exists but has no history row yet is open in an unknown stage. A deal the history
/// never mentions keeps its current stage from stage_entered on (before that: open, stage unknown; without
/// stage_entered: its current stage throughout).
struct DealTimeline {
    /// Stage names: the history's stages, then current stages the history never mentions.
    let labels: [String]
    /// open/won/lost per label (OutcomeSource codes).
    let labelOutcome: [UInt8]
    /// Per deal, the label of its current stage (-1 = none).
    let currentLabel: [Int32]
    let count: Int
    private let positions: [Int32]
    private let entered: [Int64]
    private let enteredNulls: NullBitmap?
    private let historyLabel: [Int32]
    private let hasHistory: [Bool]
    private let currentEntered: [Int64]
    private let created: [Int32]
    private let createdKnown: [Bool]

    /// The stage at a day: per deal its label (-1 unknown), when it entered it (µs, `Int64.min` unknown) and
    /// open/won/lost, or `absent` before the deal existed.
    struct State {
        var label: [Int32]
        var entered: [Int64]
        var status: [UInt8]
    }

    static let absent: UInt8 = 4

    /// - Parameters: the deals' id column and, when present, their stage, stage_entered and created columns.
    init(ids: Column, stage: Column?, stageEntered: Column?, created: Column?, history: HistoryColumns, stages: StageDefinitions) {
        count = ids.count
        positions = DealKeys.positions(of: history.column(history.dealId), in: ids)
        let enteredColumn = history.column(history.enteredAt!)
        entered = VerbSupport.micros(enteredColumn)
        enteredNulls = enteredColumn.nulls
        var labels: [String] = []
        var index: [String: Int32] = [:]
        func label(_ s: String) -> Int32 {
            if let k = index[s] { return k }
            let k = Int32(labels.count)
            labels.append(s)
            index[s] = k
            return k
        }
        let stageColumn = history.column(history.stage)
        if let (codes, dict) = stageColumn.values.distinctStrings {
            let map = dict.values.map { label($0) }
            var out = codes.map { map[Int($0)] }
            if let nulls = stageColumn.nulls { for h in 0..<out.count where nulls.isNull(h) { out[h] = -1 } }
            historyLabel = out
        } else {
            historyLabel = [Int32](repeating: -1, count: positions.count)
        }
        if let stage, let (codes, dict) = stage.values.distinctStrings {
            let map = dict.values.map { label($0) }
            var out = codes.map { map[Int($0)] }
            if let nulls = stage.nulls { for p in 0..<out.count where nulls.isNull(p) { out[p] = -1 } }
            currentLabel = out
        } else {
            currentLabel = [Int32](repeating: -1, count: count)
        }
        self.labels = labels
        labelOutcome = labels.map {
            switch stages.outcome(of: $0) {
            case .open: return OutcomeSource.open
            case .won: return OutcomeSource.won
            case .lost: return OutcomeSource.lost
            }
        }
        var has = [Bool](repeating: false, count: count)
        for p in positions where p >= 0 { has[Int(p)] = true }
        hasHistory = has
        if let stageEntered {
            let v = VerbSupport.micros(stageEntered)
            currentEntered = (0..<count).map { stageEntered.isNull($0) ? Int64.min : v[$0] }
        } else {
            currentEntered = [Int64](repeating: .min, count: count)
        }
        if let created {
            self.created = VerbSupport.days(created)
            createdKnown = (0..<count).map { !created.isNull($0) }
        } else {
            self.created = [Int32](repeating: 0, count: count)
            createdKnown = [Bool](repeating: false, count: count)
        }
    }

    /// Every deal's stage at the end of `day`.
    func state(atEndOf day: Int32) -> State {
        let cutoff = (Int64(day) + 1) * CivilTime.microsPerDay
        var label = [Int32](repeating: -1, count: count)
        var when = [Int64](repeating: .min, count: count)
        var found = [Bool](repeating: false, count: count)
        positions.withUnsafeBufferPointer { pos in
            entered.withUnsafeBufferPointer { t in
                historyLabel.withUnsafeBufferPointer { lab in
                    for h in 0..<pos.count {
                        let p = Int(pos[h])
                        if p < 0 || t[h] >= cutoff || (enteredNulls?.isNull(h) ?? false) { continue }
                        if !found[p] || t[h] >= when[p] {
                            found[p] = true
                            when[p] = t[h]
                            label[p] = lab[h]
                        }
                    }
                }
            }
        }
        var status = [UInt8](repeating: Self.absent, count: count)
        for p in 0..<count {
            if !found[p] && !hasHistory[p] {
                // Not in the history: the current stage from stage_entered on (throughout when that is unknown).
                let since = currentEntered[p]
                if since < cutoff {
                    label[p] = currentLabel[p]
                    when[p] = since
                }
            }
            let exists = createdKnown[p] ? created[p] <= day : (found[p] || (!hasHistory[p] && currentEntered[p] < cutoff))
            if !exists {
                label[p] = -1
                when[p] = .min
                continue
            }
            status[p] = label[p] >= 0 ? labelOutcome[Int(label[p])] : OutcomeSource.open
        }
        return State(label: label, entered: when, status: status)
    }
}

/// `deals asof DATE`: the catalog as it stood at the end of a day, rebuilt from the history table.
enum Snapshot {
    static let definition = """
        "SOURCE asof DATE" runs the query on the pipeline as it stood at the end of DATE, rebuilt from the history table, \
        with DATE as the as-of date (age, stage_age and "today" count from it). Deals created after DATE are left out. \
        A deal's stage is its last history row entered on or before DATE (a deal with no row yet is open, stage unknown; \
        a deal the history never mentions keeps its current stage from stage_entered on); status (open/won/lost) and \
        stage_entered follow from that stage. probability becomes the stage's probability from pipeline.toml where the stage \
        differs from today's (unchanged otherwise). close_date is kept as it is today: for deals closed by DATE it is when they \
        closed; for deals still open then it is today's knowledge (the expected date, or the later actual close). \
        value and the other columns are today's. The history table is cut at DATE too (rows entered later dropped, \
        later exits cleared), so funnel, stagetime and stalled see the history as it was.
        """

    /// The catalog with its deals and history tables replaced by their state at the end of `day`.
    /// Stops with the cancel diagnostic between its steps once `cancellation` is set.
    static func catalog(_ catalog: Catalog, day: Int32, span: SourceSpan,
                        cancellation: CancellationFlag = CancellationFlag()) throws(Diagnostic) -> Catalog {
        func check() throws(Diagnostic) { if cancellation.isCancelled { throw ExecutionContext.cancelled } }
        guard let deals = catalog.table(role: .deals) else {
            throw Diagnostic(.bind, "snapshots (\"asof\") need a deals table, and none is loaded", span: span,
                             hint: "load a deals CSV (id, stage, created, …) with a history CSV beside it")
        }
        guard let history = HistoryColumns.find(catalog, needTimes: true) else {
            throw Diagnostic(.bind, "snapshots (\"asof\") rebuild the pipeline from the stage history, and there is no history table "
                                 + "with deal_id, stage and entered_at", span: span, hint: HistoryColumns.missingHint)
        }
        guard let id = deals.fieldIndex(role: .id) else {
            throw Diagnostic(.bind, "snapshots (\"asof\") match deals with their history by id, and \(deals.name) has no id column", span: span,
                             hint: "map one in pipeline.toml: [roles] \"deals.id\" = \"COLUMN\"")
        }
        guard let stage = deals.fieldIndex(role: .stage), deals.fields[stage].type == .string else {
            throw Diagnostic(.bind, "snapshots (\"asof\") need the deals' stage column", span: span,
                             hint: "map one in pipeline.toml: [roles] \"deals.stage\" = \"COLUMN\"")
        }
        func temporal(_ role: ColumnRole) -> Int? { deals.fieldIndex(role: role).flatMap { deals.fields[$0].type.isTemporal ? $0 : nil } }
        let stageEntered = temporal(.stageEntered)
        let created = temporal(.created)
        let timeline = DealTimeline(ids: deals.fields[id].column, stage: deals.fields[stage].column,
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
                let original = field.column.values
                var order: [String]?
                if case .string(_, let dict) = original, dict.hasCustomOrder, !catalog.stages.stages.isEmpty { order = catalog.stages.order }
                column = Column(.string(codes: rows.map { UInt32(max(0, labels[Int($0)])) }, StringDictionary(values: timeline.labels.isEmpty ? [""] : timeline.labels, order: order)),
                                nulls: NullBitmap.from(count: rows.count) { labels[Int(rows[$0])] < 0 })
            case .status? where field.type == .string:
                column = statusColumn(field.column, rows.map { state.status[Int($0)] })
            case .stageEntered? where i == stageEntered:
                let when = rows.map { state.entered[Int($0)] }
                let nulls = NullBitmap.from(count: rows.count) { when[$0] == .min }
                if field.type == .date {
                    column = Column(.date(when.map { $0 == .min ? 0 : Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay)) }), nulls: nulls)
                } else {
                    column = Column(.timestamp(when.map { $0 == .min ? 0 : $0 }), nulls: nulls)
                }
            case .probability? where field.type.isNumeric:
                column = probabilityColumn(field.column, rows: rows, label: labels, timeline: timeline, stages: catalog.stages)
            default:
                column = field.column.gathered(rows)
            }
            fields.append(Field(field.info, column))
        }
        let snapshotDeals = Table(name: deals.name, fields: fields, sourcePath: deals.sourcePath, role: deals.role, derived: deals.derived)
        try check()
        let snapshotHistory = cut(history, day: day)
        try check()
        let tables = catalog.tables.map { t -> Table in
            if t === deals { return snapshotDeals }
            if t === history.table { return snapshotHistory }
            return t
        }
        return Catalog(tables: tables, stages: catalog.stages, datasetName: catalog.datasetName)
    }

    /// open/won/lost in the status column's own spelling when it has one ("Won"), else lower case; the column's
    /// dictionary (and its sort order) is kept, with any missing outcome added.
    static func statusColumn(_ original: Column, _ codes: [UInt8]) -> Column {
        var names = ["open", "won", "lost"]
        var values: [String] = []
        var order: [String]?
        if let (_, dict) = original.values.distinctStrings {
            values = dict.values
            for (k, outcome) in [StageOutcome.open, .won, .lost].enumerated() {
                if let v = dict.values.first(where: { StageDefinitions.outcomeFromName($0) == outcome && (outcome != .open || $0.lowercased() == "open") }) {
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
        let dict = StringDictionary(values: values, order: order)
        let table = names.map { dict.code(of: $0)! }
        return Column(.string(codes: codes.map { table[Int(min($0, 2))] }, dict),
                      nulls: NullBitmap.from(count: codes.count) { codes[$0] > 2 })
    }

    /// Today's probability where the stage is unchanged; the stage's probability from the definitions otherwise.
    static func probabilityColumn(_ original: Column, rows: [Int32], label: [Int32], timeline: DealTimeline, stages: StageDefinitions) -> Column {
        let own = VerbSupport.doubles(original)
        let percent = (0..<original.count).contains { !original.isNull($0) && own[$0] > 1 }
        let scale = percent ? 100.0 : 1.0
        let byLabel: [Double] = timeline.labels.map { (stages.definition(named: $0)?.probability).map { $0 * scale } ?? .nan }
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
        return Table(name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role, derived: table.derived)
    }
}

/// What a table's headers say about it as a HubSpot deal export: its per-stage columns, the stages they
/// describe in column order (HubSpot writes them in pipeline order), and the deal columns beside them.
struct HubSpotExportLayout {
    /// Every per-stage column recognised (entered, exited, durations): they leave the deals table.
    var stageColumns: [HubSpotStageColumn]
    var slots: [HubSpotStageSlot]
    /// The times of each slot's entered and exited fields, by field index.
    var times: [Int: HubSpotTimes]
    /// True when the stages come from `hs_…_<stageid>` properties.
    var isInternal: Bool
    /// Stage ids with no label anywhere in the export, left as ids.
    var unresolvedIds: [String]
    var labels: HubSpotStageLabels
    /// Pipelines the deals' Pipeline column names, first appearance first.
    var pipelineValues: [String]

    /// The layout of `table`, or nil when it is not a HubSpot deal export: it needs two or more
    /// `Date entered "…"` columns or one `hs_v2_date_entered_<stageid>` / `hs_date_entered_<stageid>` property
    /// holding times, and a deal id column.
    init?(_ table: Table) {
        let parsed = table.fields.indices.compactMap {
            HubSpotStageColumn.parse(header: table.fields[$0].info.header, field: $0)
        }
        var times: [Int: HubSpotTimes] = [:]
        for c in parsed where c.kind != .duration {
            if let t = HubSpotTimes(table.fields[c.field].column) { times[c.field] = t }
        }
        let entered = parsed.filter { $0.kind == .entered && times[$0.field] != nil }
        let labelEntered = entered.filter { !$0.isInternal }
        let internalEntered = entered.filter(\.isInternal)
        guard labelEntered.count >= 2 || !internalEntered.isEmpty, HubSpotDealFields.id(in: table) != nil else {
            return nil
        }
        stageColumns = parsed
        self.times = times
        pipelineValues =
            HubSpotDealFields.pipeline(in: table).map { StageColumns.distinctValues(table.fields[$0].column) } ?? []

        // Labels of internal ids: the defaults, a stage-id column beside a stage-label column, and label-form
        // columns holding the same times as id-form ones.
        labels = HubSpotStageLabels()
        let ids = Set(internalEntered.map(\.stage))
        if let a = HubSpotDealFields.field(in: table, named: ["deal_stage"]),
            let b = HubSpotDealFields.field(in: table, named: ["dealstage"])
        {
            let (first, second) = (
                HubSpotColumnText.text(table.fields[a].column), HubSpotColumnText.text(table.fields[b].column)
            )
            if HubSpotStageLabels.holdsIds(second, of: ids) && !HubSpotStageLabels.holdsIds(first, of: ids) {
                labels.learn(ids: second, labels: first, among: ids)
            } else if HubSpotStageLabels.holdsIds(first, of: ids) && !HubSpotStageLabels.holdsIds(second, of: ids) {
                labels.learn(ids: first, labels: second, among: ids)
            }
        }
        var sameAsLabelForm: Set<Int> = []
        for c in internalEntered {
            guard let mine = times[c.field], mine.nulls?.nullCount ?? 0 < mine.micros.count else { continue }
            if let twin = labelEntered.first(where: { times[$0.field].map { Self.same($0, mine) } ?? false }) {
                sameAsLabelForm.insert(c.field)
                let label = Self.split(twin.stage, pipelines: pipelineValues, allSuffixed: true).label
                labels.learn(id: c.stage, label: label)
            }
        }

        // Slots in column order. Label form: "Label (Pipeline)" when the suffix names a pipeline of the Pipeline
        // column (or, without one, when every date-entered header has a suffix).
        let allSuffixed = labelEntered.allSatisfy { HubSpotStageColumn.splitPipeline($0.stage) != nil }
        let v2Ids = Set(internalEntered.filter { !$0.isLegacy }.map(\.stage))
        var slots: [HubSpotStageSlot] = []
        var unresolved: [String] = []
        for c in entered {
            if c.isInternal && (sameAsLabelForm.contains(c.field) || (c.isLegacy && v2Ids.contains(c.stage))) {
                continue
            }
            let exited = parsed.first {
                $0.kind == .exited && $0.stage == c.stage && $0.isInternal == c.isInternal
                    && $0.isLegacy == c.isLegacy && times[$0.field] != nil
            }?.field
            var slot: HubSpotStageSlot
            if c.isInternal {
                let label = labels.label(for: c.stage)
                if label == nil { unresolved.append(c.stage) }
                slot = HubSpotStageSlot(
                    label: label ?? c.stage, pipeline: nil, entered: c.field, exited: exited, id: c.stage)
            } else {
                let (label, pipeline) = Self.split(c.stage, pipelines: pipelineValues, allSuffixed: allSuffixed)
                slot = HubSpotStageSlot(label: label, pipeline: pipeline, entered: c.field, exited: exited, id: nil)
            }
            if !slots.contains(where: {
                $0.label == slot.label && $0.pipeline == slot.pipeline && ($0.id == nil || $0.id == slot.id)
            }) {
                slots.append(slot)
            }
        }
        self.slots = slots
        isInternal = labelEntered.count < 2 && !internalEntered.isEmpty
        unresolvedIds = unresolved
    }

    /// "Closed Won (Renewals)" → ("Closed Won", "Renewals") when the suffix is a pipeline.
    static func split(_ text: String, pipelines: [String], allSuffixed: Bool) -> (label: String, pipeline: String?) {
        guard let (label, pipeline) = HubSpotStageColumn.splitPipeline(text) else { return (text, nil) }
        let isPipeline =
            pipelines.isEmpty
            ? allSuffixed
            : pipelines.contains(pipeline) || (pipelines == [HubSpotStageLabels.defaultPipeline.id] && allSuffixed)
        return isPipeline ? (label, pipeline) : (text, nil)
    }

    /// Whether two columns hold the same instants and nulls.
    private static func same(_ a: HubSpotTimes, _ b: HubSpotTimes) -> Bool {
        guard a.micros.count == b.micros.count, (a.nulls?.words ?? []) == (b.nulls?.words ?? []) else { return false }
        for i in 0..<a.micros.count where !a.isNull(i) && a.micros[i] != b.micros[i] { return false }
        return true
    }
}

/// A column as text, for comparing stage ids that the loader typed as integers (custom numeric ids).
enum HubSpotColumnText {
    static func text(_ column: Column) -> Column {
        guard case .int(let v) = column.values else { return column }
        var builder = StringDictionaryBuilder()
        let codes = v.map { builder.code(for: String($0)) }
        return Column(.string(codes: codes, builder.build()), nulls: column.nulls)
    }
}

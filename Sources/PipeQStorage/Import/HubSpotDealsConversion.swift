/// One HubSpot deal export rewritten: the deals without their per-stage columns, the history built from
/// them, the stage order they state, and notes saying what was done.
struct HubSpotDealsConversion {
    let deals: Table
    let history: Table
    let stages: StageDefinitions
    let notes: [String]

    init(table: Table, layout: HubSpotExportLayout, historyName: String) {
        var fields = table.fields
        let n = table.rowCount
        var notes: [String] = []

        // The stage and pipeline columns, ids turned into labels.
        let stageField = Self.stageField(table, layout)
        // Internal ids get their labels; a label-form value carrying its pipeline ("Closed Won (Renewals)") loses it.
        let slotKeys = Set(layout.slots.map { "\($0.label)\u{1F}\($0.pipeline ?? "")" })
        if let f = stageField,
            let relabelled = Self.relabel(
                fields[f].column,
                { value in
                    if let label = layout.labels.label(for: value) { return label }
                    guard let (label, pipeline) = HubSpotStageColumn.splitPipeline(value),
                        slotKeys.contains("\(label)\u{1F}\(pipeline)")
                    else { return nil }
                    return label
                })
        {
            fields[f].column = relabelled
        }
        let pipelineField = HubSpotDealFields.pipeline(in: table)
        if let f = pipelineField, layout.isInternal,
            let relabelled = Self.relabel(
                fields[f].column,
                {
                    $0 == HubSpotStageLabels.defaultPipeline.id ? HubSpotStageLabels.defaultPipeline.label : nil
                })
        {
            fields[f].column = relabelled
        }

        // Pipelines: the headers' suffixes in column order, then the Pipeline column's values.
        var pipelines: [String] = []
        for slot in layout.slots { if let p = slot.pipeline, !pipelines.contains(p) { pipelines.append(p) } }
        let rowPipeline: [Int32]
        if let f = pipelineField, let (codes, dictionary) = fields[f].column.values.distinctStrings {
            for value in StageColumns.distinctValues(fields[f].column) where !pipelines.contains(value) {
                pipelines.append(value)
            }
            let index = dictionary.values.map { v in Int32(pipelines.firstIndex(of: v) ?? -1) }
            var mapped = codes.lookup(index)
            if let nulls = fields[f].column.nulls { for r in 0..<n where nulls.isNull(r) { mapped[r] = -1 } }
            rowPipeline = mapped
        } else {
            rowPipeline = [Int32](repeating: -1, count: n)
        }
        // A slot without a pipeline suffix belongs to the pipeline of the deals that entered it, else to the
        // pipeline of the column before it (HubSpot writes each pipeline's columns together).
        var slotPipeline = layout.slots.map { slot in
            Int32(slot.pipeline.flatMap { pipelines.firstIndex(of: $0) } ?? -1)
        }
        for k in slotPipeline.indices where slotPipeline[k] < 0 {
            let times = layout.times[layout.slots[k].entered]!
            if let row = (0..<n).first(where: { !times.isNull($0) && rowPipeline[$0] >= 0 }) {
                slotPipeline[k] = rowPipeline[row]
            } else if k > 0 {
                slotPipeline[k] = slotPipeline[k - 1]
            }
        }

        let currentSlot =
            stageField.map { Self.currentSlots(fields[$0].column, layout.slots, slotPipeline, rowPipeline, pipelines) }
            ?? [Int32](repeating: -1, count: n)
        let idField = HubSpotDealFields.id(in: table)!
        let builder = HubSpotHistoryBuilder(
            slots: layout.slots, times: layout.times, slotPipeline: slotPipeline,
            rowPipeline: rowPipeline, pipelines: pipelines, currentSlot: currentSlot)
        let built = builder.build(dealIds: table.fields[idField].column, idHeader: table.fields[idField].info.header)
        history = Table(name: historyName, fields: built.history, sourcePath: table.sourcePath)

        // Outcomes: from the names, and from HubSpot's closed-won / closed flags where the export has them.
        let flags = HubSpotClosedFlags(table)
        var outcomes = layout.slots.map { StageDefinitions.outcomeFromName($0.label) }
        if let flags { flags.refine(&outcomes, currentSlot: currentSlot) }
        stages = Self.definitions(
            layout.slots, outcomes: outcomes, slotPipeline: slotPipeline, pipelines: pipelines,
            origin: Self.origin(table, layout))

        // The deals: per-stage columns out, names role mapping reads, stage_entered and status in.
        let dropped = Set(layout.stageColumns.map(\.field))
        var renamed: [String] = []
        var taken = Set(fields.enumerated().filter { !dropped.contains($0.offset) }.map { $0.element.name })
        for (from, to) in HubSpotDealFields.renames {
            guard let f = to == "stage" ? stageField : HubSpotDealFields.field(in: table, named: from),
                !dropped.contains(f),
                fields[f].info.name != to, !taken.contains(to)
            else { continue }
            taken.remove(fields[f].info.name)
            taken.insert(to)
            renamed.append("\(fields[f].info.header) → \(to)")
            fields[f].info.name = to
        }
        var kept = fields.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        var added: [String] = []
        if !taken.contains("stage_entered") {
            kept.append(Field(ColumnInfo(name: "stage_entered", isSynthesised: true), built.stageEntered))
            added.append("stage_entered")
        }
        if let flags, !taken.contains("status") {
            let stage = stageField.map { fields[$0].column }
            kept.append(Field(ColumnInfo(name: "status", isSynthesised: true), flags.status(stage: stage)))
            added.append("status (from \(flags.wonHeader))")
        }
        deals = Table(name: table.name, fields: kept, sourcePath: table.sourcePath, role: table.role)

        let enteredCount = layout.slots.count
        let form = layout.isInternal ? "hs_v2_date_entered_<stage>" : "\"Date entered\""
        var text =
            "\(table.name): HubSpot deal export; \(history.name) built from \(enteredCount) \(form) columns "
            + "(\(built.rowCount) stays: deal_id, stage\(pipelines.isEmpty ? "" : ", pipeline"), entered_at, exited_at); "
            + "dropped \(dropped.count) per-stage columns (date entered, date exited, time in)"
        if !renamed.isEmpty { text += "; renamed " + renamed.joined(separator: ", ") }
        if !added.isEmpty { text += "; added " + added.joined(separator: ", ") }
        notes.append(text)
        notes.append(Self.orderNote(stages))
        if !layout.unresolvedIds.isEmpty {
            notes.append(
                "\(table.name): HubSpot stage ids \(layout.unresolvedIds.joined(separator: ", ")) have no label in the export, "
                    + "so they stay ids; export the Deal Stage column beside dealstage, or name them in pipeline.toml [[stage]] entries"
            )
        }
        self.notes = notes
    }

    /// The deals' stage column: a label column before an id column when the export has both.
    private static func stageField(_ table: Table, _ layout: HubSpotExportLayout) -> Int? {
        let label = HubSpotDealFields.field(in: table, named: ["deal_stage"])
        let id = HubSpotDealFields.field(in: table, named: ["dealstage"])
        guard let label, let id else { return label ?? id }
        let ids = Set(layout.slots.compactMap(\.id))
        return HubSpotStageLabels.holdsIds(table.fields[label].column, of: ids) ? id : label
    }

    /// A text column with each dictionary entry replaced by `label(entry)` when that gives one; nil when nothing changes.
    private static func relabel(_ column: Column, _ label: (String) -> String?) -> Column? {
        let column = HubSpotColumnText.text(column)
        guard let (codes, dictionary) = column.values.distinctStrings else { return nil }
        let values = dictionary.values
        let renamed = values.map { label($0) ?? $0 }
        guard renamed != values else { return column }
        var builder = StringDictionaryBuilder()
        let map = renamed.map { builder.code(for: $0) }
        let built = builder.build()
        return Column(.string(codes.remapped(map, dictionaryCount: built.count), built), nulls: column.nulls)
    }

    /// Each deal's current stage as a slot: the slot with the deal's stage label in the deal's pipeline, else
    /// the only slot with that label; -1 when none.
    private static func currentSlots(
        _ stage: Column, _ slots: [HubSpotStageSlot], _ slotPipeline: [Int32],
        _ rowPipeline: [Int32], _ pipelines: [String]
    ) -> [Int32] {
        let n = stage.count
        guard let (codes, dictionary) = stage.values.distinctStrings else { return [Int32](repeating: -1, count: n) }
        let p = pipelines.count + 1
        var table = [Int32](repeating: -1, count: dictionary.count * p)
        for (code, value) in dictionary.values.enumerated() {
            let candidates = slots.indices.filter { slots[$0].label == value }
            for q in 0..<p {
                let inPipeline = candidates.first { slotPipeline[$0] == Int32(q - 1) }
                table[code * p + q] = Int32(inPipeline ?? (candidates.count == 1 ? candidates[0] : -1))
            }
        }
        return (0..<n).map { row in stage.isNull(row) ? -1 : table[Int(codes[row]) * p + Int(rowPipeline[row]) + 1] }
    }

    /// The stage order: pipelines in first-appearance order, each pipeline's stages in column order; each
    /// stage names its pipeline when there are several.
    private static func definitions(
        _ slots: [HubSpotStageSlot], outcomes: [StageOutcome], slotPipeline: [Int32],
        pipelines: [String], origin: String
    ) -> StageDefinitions {
        let several = pipelines.count > 1
        var out: [StageDefinition] = []
        for q in Int32(-1)..<Int32(pipelines.count) {
            for k in slots.indices where slotPipeline[k] == q {
                let pipeline = several && q >= 0 ? pipelines[Int(q)] : nil
                guard !out.contains(where: { $0.name == slots[k].label && $0.pipeline == pipeline }) else { continue }
                out.append(StageDefinition(name: slots[k].label, outcome: outcomes[k], pipeline: pipeline))
            }
        }
        return StageDefinitions(stages: out, origin: origin)
    }

    private static func origin(_ table: Table, _ layout: HubSpotExportLayout) -> String {
        let file = table.sourcePath.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? table.name
        return layout.isInternal
            ? "\(file): HubSpot hs_v2_date_entered_* column order" : "\(file): HubSpot \"Date entered\" column order"
    }

    private static func orderNote(_ stages: StageDefinitions) -> String {
        var groups: [(String?, [String])] = []
        for s in stages.stages {
            if let i = groups.firstIndex(where: { $0.0 == s.pipeline }) {
                groups[i].1.append(s.name)
            } else {
                groups.append((s.pipeline, [s.name]))
            }
        }
        let text = groups.map { ($0.0.map { $0 + ": " } ?? "") + $0.1.joined(separator: " → ") }.joined(separator: "; ")
        return "stage order from \(stages.origin): \(text)"
    }
}

import PipeQCore

/// Turns a HubSpot export's per-stage date columns into a stage history: one row per deal and stage it has
/// a date-entered value for, the deal's stays ordered by when it entered them.
///
/// `exited_at` is the stage's date-exited value; when the export has none for a stay, it is when the deal
/// entered its next stage, and null for the stage the deal is in now (or when no later stage was entered).
struct HubSpotHistoryBuilder {
    let slots: [HubSpotStageSlot]
    let times: [Int: HubSpotTimes]
    /// Each slot's pipeline as an index into `pipelines` (-1: none).
    let slotPipeline: [Int32]
    /// Each deal's pipeline as an index into `pipelines` (-1: none).
    let rowPipeline: [Int32]
    let pipelines: [String]
    /// Each deal's current stage as a slot index (-1: unknown).
    let currentSlot: [Int32]

    struct Built {
        var history: [Field]
        /// Per deal, when it entered the stage it is in now (null when unknown).
        var stageEntered: Column
        var rowCount: Int
    }

    func build(dealIds: Column, idHeader: String) -> Built {
        let n = dealIds.count
        let s = slots.count
        let entered = slots.map { times[$0.entered]! }
        let exited = slots.map { slot in slot.exited.map { times[$0]! } }
        let dateOnly = entered.allSatisfy(\.isDateOnly) && exited.allSatisfy { $0?.isDateOnly ?? true }

        var rows: [Int32] = []
        var stageCodes: [UInt32] = []
        var pipelineCodes: [UInt32] = []
        var enteredAt: [Int64] = []
        var exitedAt: [Int64] = []
        var pipelineNulls: [Int] = []
        var exitedNulls: [Int] = []
        var stays: [(time: Int64, slot: Int)] = []
        stays.reserveCapacity(s)
        var stageEntered = [Int64](repeating: 0, count: n)
        var stageEnteredNull = NullBitmap(count: n)
        for row in 0..<n {
            stays.removeAll(keepingCapacity: true)
            for k in 0..<s where !entered[k].isNull(row) { stays.append((entered[k].micros[row], k)) }
            let current = Int(currentSlot[row])
            if current >= 0, !entered[current].isNull(row) {
                stageEntered[row] = entered[current].micros[row]
            } else {
                stageEnteredNull.setNull(row)
            }
            if stays.isEmpty { continue }
            stays.sort { $0.time != $1.time ? $0.time < $1.time : $0.slot < $1.slot }
            for (j, stay) in stays.enumerated() {
                let k = stay.slot
                rows.append(Int32(row))
                stageCodes.append(UInt32(k))
                let p = slotPipeline[k] >= 0 ? slotPipeline[k] : rowPipeline[row]
                if p < 0 { pipelineNulls.append(rows.count - 1) }
                pipelineCodes.append(UInt32(max(p, 0)))
                enteredAt.append(stay.time)
                if let x = exited[k], !x.isNull(row) {
                    exitedAt.append(x.micros[row])
                } else if k != current, j + 1 < stays.count {
                    exitedAt.append(stays[j + 1].time)
                } else {
                    exitedAt.append(0)
                    exitedNulls.append(rows.count - 1)
                }
            }
        }
        let count = rows.count
        func bitmap(_ nullRows: [Int], _ count: Int) -> NullBitmap? {
            guard !nullRows.isEmpty else { return nil }
            var b = NullBitmap(count: count)
            for r in nullRows { b.setNull(r) }
            return b
        }
        func instants(_ v: [Int64], nulls: NullBitmap?) -> Column {
            dateOnly
                ? Column(.date(v.map { Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay)) }), nulls: nulls)
                : Column(.timestamp(v), nulls: nulls)
        }
        // Stage labels shared by two pipelines ("Closed Won") get one dictionary entry.
        var labelBuilder = StringDictionaryBuilder()
        let slotCode = slots.map { labelBuilder.code(for: $0.label) }
        var fields = [
            Field(ColumnInfo(name: "deal_id", header: idHeader), dealIds.gathered(rows)),
            Field(
                ColumnInfo(name: "stage"),
                Column(.string(codes: stageCodes.map { slotCode[Int($0)] }, labelBuilder.build()))),
        ]
        if !pipelines.isEmpty {
            fields.append(
                Field(
                    ColumnInfo(name: "pipeline"),
                    Column(
                        .string(codes: pipelineCodes, StringDictionary(values: pipelines)),
                        nulls: bitmap(pipelineNulls, count))))
        }
        fields.append(Field(ColumnInfo(name: "entered_at"), instants(enteredAt, nulls: nil)))
        fields.append(Field(ColumnInfo(name: "exited_at"), instants(exitedAt, nulls: bitmap(exitedNulls, count))))
        return Built(history: fields, stageEntered: instants(stageEntered, nulls: stageEnteredNull), rowCount: count)
    }
}

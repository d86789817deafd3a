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
    init(
        ids: Column, stage: Column?, stageEntered: Column?, created: Column?, history: HistoryColumns,
        stages: StageDefinitions
    ) {
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
            let exists =
                createdKnown[p] ? created[p] <= day : (found[p] || (!hasHistory[p] && currentEntered[p] < cutoff))
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

/// A change log's stage field read as stays: one per stage change, in each deal's change order, with
/// consecutive changes to the same stage folded into one stay (the first of them starts it).
struct ChangeLogStageStays {
    /// Per stay: its deal (pivot deal number), stage (index into `names`) and start (microseconds).
    var deal: [Int32] = []
    var stage: [UInt32] = []
    var entered: [Int64] = []
    /// Stage names in first-appearance order.
    var names: [String] = []
    /// Per deal: its last stay, -1 when its stage never changed.
    var lastStay: [Int32]
    /// Stage-field rows read, and how many of them repeated the stage before them and were folded.
    var changes = 0
    var folded = 0
    /// Stage values no lookup named, kept as they were logged.
    var unnamed: [String] = []

    /// `name` turns a logged value (a stage id) into a stage name, nil when no lookup knows it.
    init(_ pivot: ChangeLogPivot, key: Int, name: (String) -> String?) {
        lastStay = [Int32](repeating: -1, count: pivot.dealCount)
        var nameIndex: [String: UInt32] = [:]
        var codeName: [UInt32: UInt32] = [:]
        let k = Int32(key)
        for d in 0..<pivot.dealCount {
            var previous: UInt32?
            for i in pivot.start[d]..<pivot.start[d + 1] {
                let row = Int(pivot.order[i])
                guard pivot.keyOfRow[row] == k else { continue }
                let code = pivot.values.codes[row]
                if code == TextCodes.none { continue }
                changes += 1
                let stageCode: UInt32
                if let known = codeName[code] {
                    stageCode = known
                } else {
                    let logged = pivot.values.strings[Int(code)]
                    let resolved = name(logged) ?? logged
                    if name(logged) == nil { unnamed.append(logged) }
                    if let existing = nameIndex[resolved] {
                        stageCode = existing
                    } else {
                        stageCode = UInt32(names.count)
                        nameIndex[resolved] = stageCode
                        names.append(resolved)
                    }
                    codeName[code] = stageCode
                }
                if stageCode == previous {
                    folded += 1
                    continue
                }
                previous = stageCode
                lastStay[d] = Int32(deal.count)
                deal.append(Int32(d))
                stage.append(stageCode)
                entered.append(pivot.times[row])
            }
        }
    }

    var count: Int { deal.count }

    /// Per stay: when it ended — the same deal's next stay, else `close[deal]` (a closed deal's close, when
    /// not before the stay began), else nil (the deal is still there).
    func exits(close: [Int64?]) -> [Int64?] {
        (0..<count).map { s in
            if s + 1 < count && deal[s + 1] == deal[s] { return entered[s + 1] }
            guard let closed = close[Int(deal[s])], closed >= entered[s] else { return nil }
            return closed
        }
    }
}

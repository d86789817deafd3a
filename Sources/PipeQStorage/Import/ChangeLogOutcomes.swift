/// Each deal's status (open/won/lost) and, when closed, when it closed, from a change log.
///
/// A logged `status` field decides (its latest value, lower-cased). Without one: lost when a lost_reason or
/// lost_time was logged, won when a won_time was (the later of the two when both were, a cleared value
/// counting as not logged), else open. A closed deal closed at its won_time / lost_time value, else its
/// close_time, else the time of the change that decided its status.
struct ChangeLogOutcomes {
    var status: [String]
    var closedAt: [Int64?]
    /// How the status was decided, for the note.
    var rule: String

    /// `fields` are the deals table's typed field columns by key (one row per deal); `latest` the pivot's latest rows.
    init(_ pivot: ChangeLogPivot, fields: [String: Column], latest: [[Int32]]) {
        let n = pivot.dealCount
        func rows(_ key: String) -> [Int32]? { pivot.key(key).map { latest[$0] } }
        func instant(_ key: String, _ d: Int) -> Int64? { fields[key].flatMap { ImportColumns.micros($0, d) } }
        func logged(_ row: Int32) -> Int32? { row >= 0 && pivot.values.codes[Int(row)] != TextCodes.none ? row : nil }
        let statusRows = rows("status")
        let lostRows = ["lost_reason", "lost_time"].compactMap(rows)
        let wonRows = rows("won_time")
        status = []
        closedAt = []
        status.reserveCapacity(n)
        closedAt.reserveCapacity(n)
        for d in 0..<n {
            var decided: String?
            var decidingRow: Int32?
            if let statusRows, let row = logged(statusRows[d]) {
                decided = pivot.values.strings[Int(pivot.values.codes[Int(row)])].lowercased()
                decidingRow = row
            }
            if decided == nil {
                let lost = lostRows.compactMap { logged($0[d]) }.max { pivot.isLater($1, than: $0) }
                let won = wonRows.flatMap { logged($0[d]) }
                switch (lost, won) {
                case (let l?, let w?): (decided, decidingRow) = pivot.isLater(w, than: l) ? ("won", w) : ("lost", l)
                case (let l?, nil): (decided, decidingRow) = ("lost", l)
                case (nil, let w?): (decided, decidingRow) = ("won", w)
                case (nil, nil): decided = "open"
                }
            }
            let s = decided ?? "open"
            status.append(s)
            switch s {
            case "won":
                closedAt.append(
                    instant("won_time", d) ?? instant("close_time", d) ?? decidingRow.map { pivot.times[Int($0)] })
            case "lost":
                closedAt.append(
                    instant("lost_time", d) ?? instant("close_time", d) ?? decidingRow.map { pivot.times[Int($0)] })
            default: closedAt.append(nil)
            }
        }
        var evidence: [String] = []
        if statusRows != nil { evidence.append("its latest status change") }
        let lostKeys = ["lost_reason", "lost_time"].filter { pivot.key($0) != nil }
        let wonKeys = ["won_time"].filter { pivot.key($0) != nil }
        var fallback: [String] = []
        if !lostKeys.isEmpty { fallback.append("lost when a \(lostKeys.joined(separator: " or ")) was logged") }
        if !wonKeys.isEmpty { fallback.append("won when a won_time was logged") }
        if !lostKeys.isEmpty && !wonKeys.isEmpty { fallback.append("the later when both were") }
        fallback.append("else open")
        rule = (evidence.isEmpty ? "" : evidence[0] + "; else ") + fallback.joined(separator: ", ")
    }

    /// "3 open, 1 won, 2 lost" (other logged statuses after).
    var counts: String {
        var tally: [String: Int] = [:]
        for s in status { tally[s, default: 0] += 1 }
        let known = ["open", "won", "lost"].map { "\(tally[$0] ?? 0) \($0)" }
        let other = tally.keys.filter { !["open", "won", "lost"].contains($0) }.sorted().map { "\(tally[$0]!) \($0)" }
        return (known + other).joined(separator: ", ")
    }
}

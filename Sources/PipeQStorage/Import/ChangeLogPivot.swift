import PipeQCore

/// A field-change log regrouped by deal: each deal's rows in change-time order, the field keys, and the
/// new values as text codes. The deals and history builders read the latest row per field and the
/// stage field's rows from it.
///
/// Rows are grouped by a counting sort on dense deal numbers (stable, so file order breaks ties), and a
/// deal's rows are sorted by time only when the file did not already list them in order.
struct ChangeLogPivot {
    let table: Table
    let columns: ChangeLogColumns
    let dealCount: Int
    /// Per deal: its first row in the file (where its id is read).
    let firstRow: [Int32]
    /// Usable rows (deal, time and key present), grouped by deal, each deal's by change time then file order.
    let order: [Int32]
    /// Per deal d: its rows are `order[start[d] ..< start[d + 1]]`.
    let start: [Int]
    /// Per row: the change time in microseconds (dates at midnight).
    let times: [Int64]
    /// Field keys in first-appearance order.
    let keys: [String]
    /// Per row: an index into `keys`, -1 when the key is null or empty.
    let keyOfRow: [Int32]
    let values: TextCodes
    /// Rows left out for a null deal id, change time or field key.
    let skipped: Int

    init?(_ table: Table, _ columns: ChangeLogColumns) {
        self.table = table
        self.columns = columns
        let n = table.rowCount
        guard let (dealOfRow, dealCount) = Self.denseDeals(table.fields[columns.dealId].column) else { return nil }
        let timeColumn = table.fields[columns.time].column
        switch timeColumn.values {
        case .timestamp(let v): times = v
        case .date(let v): times = v.map { Int64($0) * CivilTime.microsPerDay }
        default: return nil
        }
        let keyText = TextCodes(table.fields[columns.key].column)
        var keyIndex = [Int32](repeating: -1, count: keyText.strings.count)
        var keys: [String] = []
        keyOfRow = keyText.codes.map { code in
            if code == TextCodes.none { return -1 }
            if keyIndex[Int(code)] < 0 {
                keyIndex[Int(code)] = Int32(keys.count)
                keys.append(keyText.strings[Int(code)])
            }
            return keyIndex[Int(code)]
        }
        self.keys = keys
        values = TextCodes(table.fields[columns.value].column)

        // Counting sort by deal, skipping unusable rows.
        let timeNulls = timeColumn.nulls
        var counts = [Int](repeating: 0, count: dealCount + 1)
        var firstRow = [Int32](repeating: -1, count: dealCount)
        var skipped = 0
        for row in 0..<n {
            let d = Int(dealOfRow[row])
            if d >= 0 && firstRow[d] < 0 { firstRow[d] = Int32(row) }
            if d < 0 || keyOfRow[row] < 0 || (timeNulls?.isNull(row) ?? false) {
                skipped += 1
                continue
            }
            counts[d + 1] += 1
        }
        for d in 0..<dealCount { counts[d + 1] += counts[d] }
        start = counts
        var next = counts
        var order = [Int32](repeating: 0, count: counts[dealCount])
        for row in 0..<n {
            let d = Int(dealOfRow[row])
            if d < 0 || keyOfRow[row] < 0 || (timeNulls?.isNull(row) ?? false) { continue }
            order[next[d]] = Int32(row)
            next[d] += 1
        }
        let times = self.times
        for d in 0..<dealCount where counts[d + 1] - counts[d] > 1 {
            let range = counts[d]..<counts[d + 1]
            let inOrder = zip(order[range].dropLast(), order[range].dropFirst()).allSatisfy {
                times[Int($0)] <= times[Int($1)]
            }
            if !inOrder {
                order[range].sort { a, b in times[Int(a)] != times[Int(b)] ? times[Int(a)] < times[Int(b)] : a < b }
            }
        }
        self.order = order
        self.firstRow = firstRow
        self.dealCount = dealCount
        self.skipped = skipped
    }

    /// The index of a field key, if the log has it.
    func key(_ name: String) -> Int? { keys.firstIndex(of: name) }

    /// Per key, per deal: the row holding the latest change of that field (-1 when never changed), in one pass
    /// over the rows. `latest[k][d]`.
    func latestRows() -> [[Int32]] {
        var out = [[Int32]](repeating: [Int32](repeating: -1, count: dealCount), count: keys.count)
        for d in 0..<dealCount {
            for i in start[d]..<start[d + 1] {
                let row = order[i]
                out[Int(keyOfRow[Int(row)])][d] = row
            }
        }
        return out
    }

    /// Whether change `a` came after change `b` (by time, then file position), as the deal's rows are ordered.
    func isLater(_ a: Int32, than b: Int32) -> Bool {
        times[Int(a)] != times[Int(b)] ? times[Int(a)] > times[Int(b)] : a > b
    }

    /// The deal id column, one row per deal (the log's own type).
    var dealIds: Column { table.fields[columns.dealId].column.gathered(firstRow) }

    /// Dense deal numbers per row in first-appearance order (-1 for a null id), and how many deals.
    private static func denseDeals(_ column: Column) -> ([Int32], Int)? {
        switch column.values {
        case .int(let v):
            // Ids in a compact range number through a table; others through a hash map.
            var lo = Int64.max
            var hi = Int64.min
            for i in v.indices where !column.isNull(i) {
                lo = min(lo, v[i])
                hi = max(hi, v[i])
            }
            if lo <= hi, !hi.subtractingReportingOverflow(lo).overflow, hi - lo < Int64(4 * v.count + 1024) {
                var slot = [Int32](repeating: -1, count: Int(hi - lo) + 1)
                var count: Int32 = 0
                let dense = v.indices.map { i -> Int32 in
                    if column.isNull(i) { return -1 }
                    let k = Int(v[i] - lo)
                    if slot[k] < 0 {
                        slot[k] = count
                        count += 1
                    }
                    return slot[k]
                }
                return (dense, Int(count))
            }
            var index: [Int64: Int32] = [:]
            let dense = v.indices.map { i -> Int32 in
                if column.isNull(i) { return -1 }
                if let d = index[v[i]] { return d }
                let d = Int32(index.count)
                index[v[i]] = d
                return d
            }
            return (dense, index.count)
        case .string:
            let text = TextCodes(column)
            var map = [Int32](repeating: -1, count: text.strings.count)
            var count: Int32 = 0
            let dense = text.codes.map { code -> Int32 in
                if code == TextCodes.none { return -1 }
                if map[Int(code)] < 0 {
                    map[Int(code)] = count
                    count += 1
                }
                return map[Int(code)]
            }
            return (dense, Int(count))
        default:
            return nil
        }
    }
}

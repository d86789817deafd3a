import PipeQCore
import PipeQStorage

extension WindowKernels {
    /// SQL's rank() (ties share a place, the next skips) or dense_rank() (no gaps) within each partition, by
    /// the keys (nulls last in both directions, as `sort`). One key, the common case, sorts (partition, key, row)
    /// entries by value; several keys go through the general `Sorter`.
    func ranks(_ keys: [(Column, Bool)], dense: Bool, cancellation: CancellationFlag) throws(Diagnostic) -> Column {
        if keys.count == 1 {
            return try singleKeyRanks(keys[0].0, descending: keys[0].1, dense: dense, cancellation: cancellation)
        }
        let ids = Column(.int(partitions.ids.map { Int64($0) }))
        let sorter = Sorter(columns: [(ids, false)] + keys)
        let order = try sorter.sortedPositions(count: rowCount, cancellation: cancellation)
        var out = [Int64](repeating: 0, count: rowCount)
        var place: Int64 = 0
        var position: Int64 = 0
        for (i, row) in order.enumerated() {
            let r = Int(row)
            if i == 0 || partitions.ids[r] != partitions.ids[Int(order[i - 1])] {
                place = 1
                position = 1
            } else {
                position += 1
                if sorter.compare(r, Int(order[i - 1])) != 0 { place = dense ? place + 1 : position }
            }
            out[r] = place
        }
        return Column(.int(out))
    }

    private struct Entry {
        var partition: Int32
        var isNull: Bool
        var key: UInt64
        var row: Int32
    }

    private func singleKeyRanks(_ column: Column, descending: Bool, dense: Bool, cancellation: CancellationFlag)
        throws(Diagnostic) -> Column
    {
        let keys = Self.orderPreserving(column, descending: descending)
        let nulls = column.nulls
        var entries = (0..<rowCount).map { i in
            Entry(partition: partitions.ids[i], isNull: nulls?.isNull(i) ?? false, key: keys[i], row: Int32(i))
        }
        try cancellation.sort(&entries) { a, b in
            (a.partition, a.isNull ? 1 : 0, a.isNull ? 0 : a.key, a.row) < (
                b.partition, b.isNull ? 1 : 0, b.isNull ? 0 : b.key, b.row
            )
        }
        var out = [Int64](repeating: 0, count: rowCount)
        var place: Int64 = 0
        var position: Int64 = 0
        for i in entries.indices {
            let e = entries[i]
            if i == 0 || e.partition != entries[i - 1].partition {
                place = 1
                position = 1
            } else {
                position += 1
                let previous = entries[i - 1]
                let tie = e.isNull == previous.isNull && (e.isNull || e.key == previous.key)
                if !tie { place = dense ? place + 1 : position }
            }
            out[Int(e.row)] = place
        }
        return Column(.int(out))
    }

    /// Each value as an unsigned integer in the same order (reversed for descending); the slots of nulls are
    /// meaningless. Strings by their dictionary's sort rank, as `Sorter` orders them; −0.0 equals 0.0.
    static func orderPreserving(_ column: Column, descending: Bool) -> [UInt64] {
        let sign: UInt64 = 1 << 63
        func signed(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) ^ sign }
        var out: [UInt64]
        switch column.values {
        case .int(let v), .timestamp(let v), .duration(let v): out = v.map(signed)
        case .date(let v): out = v.map { signed(Int64($0)) }
        case .bool(let v): out = v.map { $0 ? 1 : 0 }
        case .double(let v):
            out = v.map { x in
                let bits = (x == 0 ? 0.0 : x).bitPattern
                return bits & sign != 0 ? ~bits : bits | sign
            }
        case .string(let codes, let dictionary):
            out = codes.map { UInt64(dictionary.ranks[Int($0)]) }
        }
        if descending { for i in out.indices { out[i] = ~out[i] } }
        return out
    }
}

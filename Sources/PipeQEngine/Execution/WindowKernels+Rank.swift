import PipeQCore
import PipeQStorage

extension WindowKernels {
    /// SQL's rank() (ties share a place, the next skips) or dense_rank() (no gaps) within each partition, by
    /// the keys (nulls last in both directions, as `sort`). One key, the common case, compares keys directly;
    /// several keys go through the general `Sorter`.
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

    /// One key: a stable radix sort by the key (nulls last), then by partition, so each partition's rows come
    /// in key order; ties are equal keys.
    private func singleKeyRanks(_ column: Column, descending: Bool, dense: Bool, cancellation: CancellationFlag)
        throws(Diagnostic) -> Column
    {
        let keys = RadixOrder.orderPreserving(column, descending: descending)
        let nulls = column.nulls
        var order = (0..<Int32(rowCount)).map { $0 }
        try RadixOrder.stableSort(&order, keys: keys, nulls: nulls, cancellation: cancellation)
        try RadixOrder.stableSort(
            &order, keys: partitions.ids.map { UInt64(UInt32(bitPattern: $0)) }, nulls: nil, cancellation: cancellation)
        var out = [Int64](repeating: 0, count: rowCount)
        var place: Int64 = 0
        var position: Int64 = 0
        for i in order.indices {
            let r = Int(order[i])
            if i == 0 || partitions.ids[r] != partitions.ids[Int(order[i - 1])] {
                place = 1
                position = 1
            } else {
                position += 1
                let p = Int(order[i - 1])
                let isNull = nulls?.isNull(r) ?? false
                let tie = isNull == (nulls?.isNull(p) ?? false) && (isNull || keys[r] == keys[p])
                if !tie { place = dense ? place + 1 : position }
            }
            out[r] = place
        }
        return Column(.int(out))
    }
}

import PipeQCore
import PipeQStorage

/// Orders relation positions by sort keys: nulls sort last in both directions; ties keep input order. A full sort
/// is radix passes over typed keys (`RadixOrder`); `compare` (each key as an order-preserving integer or double
/// array, strings by dictionary rank) serves the partial sort of `topPositions` and tie tests.
struct Sorter {
    private enum KeyValues {
        case ints([Int64])
        case doubles([Double])
    }

    private struct Key {
        var values: KeyValues
        var nulls: NullBitmap?
        var descending: Bool
    }

    private let keys: [Key]
    private let columns: [(Column, Bool)]

    init(columns: [(Column, Bool)]) {
        self.columns = columns
        keys = columns.map { column, descending in
            let values: KeyValues
            switch column.values {
            case .int(let v), .timestamp(let v), .duration(let v): values = .ints(v)
            case .double(let v): values = .doubles(v)
            case .date(let v): values = .ints(v.map { Int64($0) })
            case .bool(let v): values = .ints(v.map { $0 ? 1 : 0 })
            case .string(let codes, let dict): values = .ints(codes.map { Int64(dict.ranks[Int($0)]) })
            }
            return Key(values: values, nulls: column.nulls, descending: descending)
        }
    }

    /// -1, 0 or 1: how row `a` orders against row `b`.
    @inline(__always)
    func compare(_ a: Int, _ b: Int) -> Int {
        for key in keys {
            let an = key.nulls?.isNull(a) ?? false
            let bn = key.nulls?.isNull(b) ?? false
            if an != bn { return an ? 1 : -1 }
            if an { continue }
            var order = 0
            switch key.values {
            case .ints(let v): order = v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0)
            case .doubles(let v): order = v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0)
            }
            if order != 0 { return key.descending ? -order : order }
        }
        return 0
    }

    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let c = compare(Int(a), Int(b))
        return c != 0 ? c < 0 : a < b
    }

    /// All positions, sorted; stops with "query cancelled" on Ctrl-C. One stable radix pass per key, the last key
    /// first (`RadixOrder`): no comparator, so a sort of 1M rows by one number takes milliseconds.
    func sortedPositions(count: Int, cancellation: CancellationFlag = CancellationFlag()) throws(Diagnostic) -> [Int32]
    {
        var order = (0..<Int32(count)).map { $0 }
        for (column, descending) in columns.reversed() {
            try RadixOrder.stableSort(
                &order, keys: RadixOrder.orderPreserving(column, descending: descending), nulls: column.nulls,
                cancellation: cancellation)
        }
        return order
    }

    /// The first `limit` positions in sort order, without sorting everything.
    func topPositions(count: Int, limit: Int, cancellation: CancellationFlag = CancellationFlag()) throws(Diagnostic)
        -> [Int32]
    {
        if limit == 0 { return [] }
        if limit >= count / 4 {
            return Array(try sortedPositions(count: count, cancellation: cancellation).prefix(limit))
        }
        var best: [Int32] = []
        best.reserveCapacity(limit + 1)
        for p in 0..<Int32(count) {
            if cancellation.shouldStop(Int(p)) { throw ExecutionContext.cancelled }
            if best.count == limit, !precedes(p, best[limit - 1]) { continue }
            var lo = 0
            var hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if precedes(best[mid], p) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(p, at: lo)
            if best.count > limit { best.removeLast() }
        }
        return best
    }
}

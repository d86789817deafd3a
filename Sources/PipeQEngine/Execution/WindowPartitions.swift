import PipeQCore
import PipeQStorage

/// A relation's rows laid out partition by partition for window functions: `rows[starts[p]..<starts[p + 1]]`
/// are partition p's positions in input order. Partition ids come from the core grouping (`Groups`); the layout
/// is one stable counting pass, so every window function then walks each partition once.
struct WindowPartitions {
    var rows: [Int32]
    var starts: [Int]
    /// The partition of each row.
    var ids: [Int32]

    var count: Int { starts.count - 1 }

    /// One partition holding every row, in order.
    static func single(rowCount n: Int) -> WindowPartitions {
        WindowPartitions(rows: (0..<Int32(n)).map { $0 }, starts: [0, n], ids: [Int32](repeating: 0, count: n))
    }

    /// Rows partitioned by equal key values (nulls equal to each other, as in `by`).
    static func build(keys: [Column], rowCount n: Int, cancellation: CancellationFlag) throws(Diagnostic)
        -> WindowPartitions
    {
        if keys.isEmpty { return single(rowCount: n) }
        let groups = try Groups.build(keys: keys, rowCount: n, cancellation: cancellation)
        var starts = [Int](repeating: 0, count: groups.count + 1)
        for id in groups.ids { starts[Int(id) + 1] += 1 }
        for p in 0..<groups.count { starts[p + 1] += starts[p] }
        var next = Array(starts.dropLast())
        var rows = [Int32](repeating: 0, count: n)
        for (i, id) in groups.ids.enumerated() {
            rows[next[Int(id)]] = Int32(i)
            next[Int(id)] += 1
        }
        return WindowPartitions(rows: rows, starts: starts, ids: groups.ids)
    }

    /// Calls `body` with each partition's positions (in input order).
    func forEach(_ body: (ArraySlice<Int32>) -> Void) {
        for p in 0..<count { body(rows[starts[p]..<starts[p + 1]]) }
    }
}

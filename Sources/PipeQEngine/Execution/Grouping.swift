import PipeQCore
import PipeQStorage

/// Group membership for every row of a relation, with groups numbered in ascending key order
/// (strings by their dictionary's sort order, so stages come out in pipeline order; nulls last).
struct Groups {
    /// The group of each relation position.
    var ids: [Int32]
    var count: Int
    /// For each group, the position of its first row (to read key values from).
    var representatives: [Int32]

    /// One group holding every row (aggregates without `by`). Exists even when there are no rows.
    static func single(rowCount: Int) -> Groups {
        Groups(ids: [Int32](repeating: 0, count: rowCount), count: 1, representatives: [0])
    }

    /// Groups by the given key columns (each aligned with the relation).
    static func build(keys: [Column], rowCount n: Int, cancellation: CancellationFlag = CancellationFlag()) throws(Diagnostic) -> Groups {
        let components = keys.map { OrderedComponent(column: $0, cancellation: cancellation) }
        if cancellation.isCancelled { throw ExecutionContext.cancelled }
        var product: Int = 1
        var overflow = false
        for c in components {
            let (p, o) = product.multipliedReportingOverflow(by: c.cardinality)
            product = p
            overflow = overflow || o
        }
        if !overflow, product <= 1 << 22 {
            return try direct(components, product: product, rowCount: n, cancellation: cancellation)
        }
        return try sorted(components, rowCount: n, cancellation: cancellation)
    }

    /// Mixed-radix slot per row into a dense table, then the used slots compacted in order.
    private static func direct(_ components: [OrderedComponent], product: Int, rowCount n: Int,
                               cancellation: CancellationFlag) throws(Diagnostic) -> Groups {
        var slots = [Int32](repeating: 0, count: n)
        var stride = 1
        for c in components.reversed() {
            c.ids.withUnsafeBufferPointer { ids in
                slots.withUnsafeMutableBufferPointer { s in
                    let st = Int32(stride)
                    for i in 0..<n { s[i] &+= ids[i] &* st }
                }
            }
            stride *= c.cardinality
        }
        var slotToGroup = [Int32](repeating: -1, count: product)
        var firstRow = [Int32](repeating: -1, count: product)
        slots.withUnsafeBufferPointer { s in
            for i in 0..<n where firstRow[Int(s[i])] < 0 { firstRow[Int(s[i])] = Int32(i) }
        }
        if cancellation.isCancelled { throw ExecutionContext.cancelled }
        var representatives: [Int32] = []
        for slot in 0..<product where firstRow[slot] >= 0 {
            slotToGroup[slot] = Int32(representatives.count)
            representatives.append(firstRow[slot])
        }
        let ids = slots.map { slotToGroup[Int($0)] }
        return Groups(ids: ids, count: representatives.count, representatives: representatives)
    }

    /// General case: sort rows by their component tuples, then number runs.
    private static func sorted(_ components: [OrderedComponent], rowCount n: Int, cancellation: CancellationFlag) throws(Diagnostic) -> Groups {
        var order = (0..<Int32(n)).map { $0 }
        try cancellation.sort(&order) { a, b in
            for c in components {
                let x = c.ids[Int(a)], y = c.ids[Int(b)]
                if x != y { return x < y }
            }
            return a < b
        }
        var ids = [Int32](repeating: 0, count: n)
        var representatives: [Int32] = []
        var previous: Int32 = -1
        for row in order {
            let isNew = previous < 0 || components.contains { $0.ids[Int(row)] != $0.ids[Int(previous)] }
            if isNew { representatives.append(row) }
            ids[Int(row)] = Int32(representatives.count - 1)
            previous = row
        }
        return Groups(ids: ids, count: representatives.count, representatives: representatives)
    }
}

/// One key column turned into order-preserving dense integers 0..<cardinality (null = the last).
struct OrderedComponent {
    var ids: [Int32]
    var cardinality: Int

    init(column: Column, cancellation: CancellationFlag) {
        let n = column.count
        switch column.values {
        case .string(let codes, let dict):
            let ranks = dict.ranks
            var ids = codes.map { Int32(ranks[Int($0)]) }
            Self.applyNulls(&ids, column, Int32(dict.count))
            self.ids = ids
            self.cardinality = dict.count + 1
        case .bool(let v):
            var ids = v.map { Int32($0 ? 1 : 0) }
            Self.applyNulls(&ids, column, 2)
            self.ids = ids
            self.cardinality = 3
        case .int(let v), .timestamp(let v), .duration(let v):
            (self.ids, self.cardinality) = Self.dense(v, column, n, cancellation)
        case .date(let v):
            (self.ids, self.cardinality) = Self.dense(v, column, n, cancellation)
        case .double(let v):
            (self.ids, self.cardinality) = Self.dense(v, column, n, cancellation)
        }
    }

    private static func applyNulls(_ ids: inout [Int32], _ column: Column, _ nullId: Int32) {
        guard let nulls = column.nulls else { return }
        for i in 0..<ids.count where nulls.isNull(i) { ids[i] = nullId }
    }

    /// Distinct values ranked in ascending order.
    /// On Ctrl-C it stops early with every row in one group (the executor then discards the result).
    private static func dense<T: Hashable & Comparable>(_ values: [T], _ column: Column, _ n: Int,
                                                        _ cancellation: CancellationFlag) -> ([Int32], Int) {
        var seen: [T: Int32] = [:]
        for i in 0..<n where !column.isNull(i) {
            if cancellation.shouldStop(i) { return ([Int32](repeating: 0, count: n), 1) }
            if seen[values[i]] == nil { seen[values[i]] = 0 }
        }
        let sortedKeys = seen.keys.sorted()
        for (rank, key) in sortedKeys.enumerated() { seen[key] = Int32(rank) }
        let nullId = Int32(sortedKeys.count)
        var ids = [Int32](repeating: nullId, count: n)
        values.withUnsafeBufferPointer { v in
            for i in 0..<n where !column.isNull(i) { ids[i] = seen[v[i]]! }
        }
        return (ids, sortedKeys.count + 1)
    }
}

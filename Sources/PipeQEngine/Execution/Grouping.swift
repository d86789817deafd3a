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
        // One code per distinct string (a non-distinct dictionary is deduplicated first; `StringDictionary`).
        for key in keys { try cancellation.deduplicate(key) }
        if keys.count == 1, let (codes, dictionary) = keys[0].values.distinctStrings {
            let nulls = keys[0].nulls
            switch codes {
            case .u8(let c): return try byDictionary(c, dictionary, nulls: nulls, rowCount: n, cancellation: cancellation)
            case .u16(let c): return try byDictionary(c, dictionary, nulls: nulls, rowCount: n, cancellation: cancellation)
            case .u32(let c): return try byDictionary(c, dictionary, nulls: nulls, rowCount: n, cancellation: cancellation)
            }
        }
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

    /// One string key (`by rep`, `by stage`), the common case: groups straight from dictionary codes.
    /// A pass finds each code's first row; groups are numbered in the dictionary's sort order (nulls
    /// last); a second pass maps codes to groups. One row-sized array, where the general path makes three.
    private static func byDictionary<C: DictionaryCode>(_ codes: [C], _ dictionary: StringDictionary, nulls: NullBitmap?, rowCount n: Int,
                                     cancellation: CancellationFlag) throws(Diagnostic) -> Groups {
        let nullCode = dictionary.count  // a slot of its own after every code
        let slots = nullCode + 1
        let morsels = Parallel.morselCount(rows: n)
        // First row of each code, per morsel on all cores when the dictionary is small; the earliest
        // morsel that saw a code has its first row.
        let split = morsels >= 2 && slots <= 1 << 16 ? morsels : 1
        var firstRow = [Int32](repeating: -1, count: split * slots)
        codes.withUnsafeBufferPointer { c in
            firstRow.withUnsafeMutableBufferPointer { all in
                Parallel.forEach(split) { m in
                    let range = split == 1 ? 0..<n : Parallel.morsel(m, rows: n)
                    let first = UnsafeMutableBufferPointer(rebasing: all[(m * slots)..<((m + 1) * slots)])
                    // Random access into one slot per code (10M for deal names): a pass of ~0.1 s, so it
                    // looks at the flag every 16,384 rows and stops early (the check below then throws).
                    if let nulls {
                        for i in range {
                            if cancellation.shouldStop(i) { break }
                            let code = nulls.isNull(i) ? nullCode : Int(c[i])
                            if first[code] < 0 { first[code] = Int32(i) }
                        }
                    } else {
                        for i in range {
                            if cancellation.shouldStop(i) { break }
                            if first[Int(c[i])] < 0 { first[Int(c[i])] = Int32(i) }
                        }
                    }
                }
            }
        }
        for m in 1..<max(split, 1) {
            for code in 0..<slots where firstRow[code] < 0 { firstRow[code] = firstRow[m * slots + code] }
        }
        if cancellation.isCancelled { throw ExecutionContext.cancelled }
        // Codes in key order: by rank, then the null slot.
        let ranks = dictionary.ranks
        var byRank = [Int](repeating: 0, count: nullCode)
        for code in 0..<nullCode { byRank[Int(ranks[code])] = code }
        if cancellation.isCancelled { throw ExecutionContext.cancelled }
        var codeToGroup = [Int32](repeating: -1, count: nullCode + 1)
        var representatives: [Int32] = []
        for code in byRank + [nullCode] where firstRow[code] >= 0 {
            codeToGroup[code] = Int32(representatives.count)
            representatives.append(firstRow[code])
        }
        let nullGroup = codeToGroup[nullCode]
        if cancellation.isCancelled { throw ExecutionContext.cancelled }
        let ids = [Int32].uninitialized(capacity: n) { out, initialized in
            let target = out
            codes.withUnsafeBufferPointer { c in
                codeToGroup.withUnsafeBufferPointer { map in
                    Parallel.forEach(max(morsels, 1)) { m in
                        let range = Parallel.morsel(m, rows: n)
                        for i in range { target[i] = map[Int(c[i])] }
                        if let nulls {
                            for i in range where nulls.isNull(i) { target[i] = nullGroup }
                        }
                    }
                }
            }
            initialized = n
        }
        return Groups(ids: ids, count: representatives.count, representatives: representatives)
    }

    /// Mixed-radix slot per row into a dense table, then the used slots compacted in order.
    private static func direct(_ components: [OrderedComponent], product: Int, rowCount n: Int,
                               cancellation: CancellationFlag) throws(Diagnostic) -> Groups {
        var slots = [Int32](repeating: 0, count: n)
        var stride = 1
        for c in components.reversed() {
            if cancellation.isCancelled { throw ExecutionContext.cancelled }
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
        for (i, row) in order.enumerated() {
            if cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
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
            (self.ids, self.cardinality) = Self.denseRange(v, column, n) ?? Self.dense(v, column, n, cancellation)
        case .date(let v):
            (self.ids, self.cardinality) = Self.denseRange(v, column, n) ?? Self.dense(v, column, n, cancellation)
        case .double(let v):
            (self.ids, self.cardinality) = Self.dense(v, column, n, cancellation)
        }
    }

    private static func applyNulls(_ ids: inout [Int32], _ column: Column, _ nullId: Int32) {
        guard let nulls = column.nulls else { return }
        for i in 0..<ids.count where nulls.isNull(i) { ids[i] = nullId }
    }

    /// Distinct integers ranked in ascending order by direct indexing, when they span a small range
    /// (months, days, small codes): no hashing. Nil when the range is too wide for a table.
    private static func denseRange<T: FixedWidthInteger>(_ values: [T], _ column: Column, _ n: Int) -> ([Int32], Int)? {
        let nulls = column.nulls
        guard let (low, high) = nonNullRange(values, nulls: nulls) else { return ([Int32](repeating: 0, count: n), 1) }  // all null: one group
        let (span, overflow) = Int64(high).subtractingReportingOverflow(Int64(low))
        guard !overflow, span < Int64(min(1 << 22, 4 * max(n, 1024))) else { return nil }
        let base = Int64(low)
        var rankOf = [Int32](repeating: -1, count: Int(span) + 1)
        values.withUnsafeBufferPointer { v in
            rankOf.withUnsafeMutableBufferPointer { r in
                for i in 0..<n where nulls == nil || !nulls!.isNull(i) { r[Int(Int64(v[i]) - base)] = 0 }
            }
        }
        var distinct: Int32 = 0
        for k in rankOf.indices where rankOf[k] == 0 {
            rankOf[k] = distinct
            distinct += 1
        }
        let ids = [Int32].uninitialized(capacity: n) { out, initialized in
            values.withUnsafeBufferPointer { v in
                rankOf.withUnsafeBufferPointer { r in
                    if let nulls {
                        for i in 0..<n { out[i] = nulls.isNull(i) ? distinct : r[Int(Int64(v[i]) - base)] }
                    } else {
                        for i in 0..<n { out[i] = r[Int(Int64(v[i]) - base)] }
                    }
                }
            }
            initialized = n
        }
        return (ids, Int(distinct) + 1)
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
        var sortedKeys = Array(seen.keys)
        do { try cancellation.sort(&sortedKeys, by: <) } catch { return ([Int32](repeating: 0, count: n), 1) }
        for (rank, key) in sortedKeys.enumerated() {
            if cancellation.shouldStop(rank) { return ([Int32](repeating: 0, count: n), 1) }
            seen[key] = Int32(rank)
        }
        let nullId = Int32(sortedKeys.count)
        var ids = [Int32](repeating: nullId, count: n)
        values.withUnsafeBufferPointer { v in
            for i in 0..<n where !column.isNull(i) {
                if cancellation.shouldStop(i) { break }
                ids[i] = seen[v[i]]!
            }
        }
        return (ids, sortedKeys.count + 1)
    }
}

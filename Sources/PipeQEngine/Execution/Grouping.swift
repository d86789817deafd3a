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

    /// Groups by key expressions over a relation: the keys' columns (dictionaries made distinct, so a key column
    /// gathered from them carries one and a sort or a second grouping does not deduplicate again) and their groups;
    /// one group of every row when there are no keys (the aggregate node's grouping, and the verbs').
    static func build(
        keys: [NamedBoundExpr], over evaluator: Evaluator, rowCount n: Int, cancellation: CancellationFlag
    )
        throws(Diagnostic) -> (groups: Groups, columns: [Column])
    {
        let columns = keys.map { evaluator.vector($0.expr, .all(n)).materialized(count: n).withDistinctStrings }
        let groups =
            keys.isEmpty ? single(rowCount: n) : try build(keys: columns, rowCount: n, cancellation: cancellation)
        return (groups, columns)
    }

    /// Groups by the given key columns (each aligned with the relation).
    static func build(keys: [Column], rowCount n: Int, cancellation: CancellationFlag = CancellationFlag())
        throws(Diagnostic) -> Groups
    {
        // One code per distinct string (a non-distinct dictionary is deduplicated first; `StringDictionary`).
        for key in keys { try cancellation.deduplicate(key) }
        if keys.count == 1, let (codes, dictionary) = keys[0].values.distinctStrings {
            let nulls = keys[0].nulls
            switch codes {
            case .u8(let c):
                return try byDictionary(c, dictionary, nulls: nulls, rowCount: n, cancellation: cancellation)
            case .u16(let c):
                return try byDictionary(c, dictionary, nulls: nulls, rowCount: n, cancellation: cancellation)
            case .u32(let c):
                return try byDictionary(c, dictionary, nulls: nulls, rowCount: n, cancellation: cancellation)
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
        // A dense table when it is small, or no larger than the rows (one key of 10M deal ids over 38M history
        // rows): a pass per key and two over the rows, where sorting the rows takes seconds.
        if !overflow, product <= max(1 << 22, n + 1) {
            return try direct(components, product: product, rowCount: n, cancellation: cancellation)
        }
        return try sorted(components, rowCount: n, cancellation: cancellation)
    }

    /// One string key (`by rep`, `by stage`), the common case: groups straight from dictionary codes.
    /// A pass finds each code's first row; groups are numbered in the dictionary's sort order (nulls
    /// last); a second pass maps codes to groups. One row-sized array, where the general path makes three.
    private static func byDictionary<C: DictionaryCode>(
        _ codes: [C], _ dictionary: StringDictionary, nulls: NullBitmap?, rowCount n: Int,
        cancellation: CancellationFlag
    ) throws(Diagnostic) -> Groups {
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
        // Groups in key order: codes by rank, then the null slot. With 10M distinct names each of these passes
        // is random access over row-sized tables (~0.1 s), so each looks at Ctrl-C every 16,384 codes.
        let ranks = dictionary.ranks
        var codeToGroup = [Int32](repeating: -1, count: slots)
        var representatives: [Int32] = []
        var stopped = false
        ranks.withUnsafeBufferPointer { rank in
            // byRank[r]: the code of rank r.
            let byRank = [Int32].uninitialized(capacity: nullCode) { byRank, initialized in
                for code in 0..<nullCode {
                    if cancellation.shouldStop(code) {
                        stopped = true
                        break
                    }
                    byRank[Int(rank[code])] = Int32(code)
                }
                initialized = nullCode  // a permutation: every slot written, unless it stopped (then it is dropped)
            }
            if stopped { return }
            representatives.reserveCapacity(slots)
            firstRow.withUnsafeBufferPointer { first in
                codeToGroup.withUnsafeMutableBufferPointer { group in
                    for r in 0..<slots {
                        if cancellation.shouldStop(r) {
                            stopped = true
                            break
                        }
                        let code = r < nullCode ? Int(byRank[r]) : nullCode
                        if first[code] < 0 { continue }
                        group[code] = Int32(representatives.count)
                        representatives.append(first[code])
                    }
                }
            }
        }
        if stopped { throw ExecutionContext.cancelled }
        let nullGroup = codeToGroup[nullCode]
        let ids = [Int32].uninitialized(capacity: n) { out, initialized in
            let target = out
            codes.withUnsafeBufferPointer { c in
                codeToGroup.withUnsafeBufferPointer { map in
                    Parallel.forEach(max(morsels, 1)) { m in
                        // Random reads of a 10M-entry table: a look at Ctrl-C per block of 16,384 rows, none inside.
                        let range = Parallel.morsel(m, rows: n)
                        let completed = cancellation.forEachBlock(range) { block in
                            for i in block { target[i] = map[Int(c[i])] }
                        }
                        if !completed { return }
                        if let nulls {
                            for i in range where nulls.isNull(i) { target[i] = nullGroup }
                        }
                    }
                }
            }
            initialized = n  // trivial values; when a morsel stopped early, the throw below drops them
        }
        if cancellation.wasCancelled { throw ExecutionContext.cancelled }
        return Groups(ids: ids, count: representatives.count, representatives: representatives)
    }

    /// Mixed-radix slot per row into a dense table, then the used slots compacted in order. Each pass over
    /// the rows looks at Ctrl-C every 16,384 rows (38M history rows: ~0.1 s a pass).
    private static func direct(
        _ components: [OrderedComponent], product: Int, rowCount n: Int,
        cancellation: CancellationFlag
    ) throws(Diagnostic) -> Groups {
        // One key: its ids are the slots. Else the last key's ids, then each earlier one's times its stride.
        var slots = components[components.count - 1].ids
        var stride = components[components.count - 1].cardinality
        var stopped = false
        for c in components.dropLast().reversed() {
            c.ids.withUnsafeBufferPointer { ids in
                slots.withUnsafeMutableBufferPointer { s in
                    let st = Int32(stride)
                    stopped = !cancellation.forEachBlock(0..<n) { block in
                        for i in block { s[i] &+= ids[i] &* st }
                    }
                }
            }
            if stopped { throw ExecutionContext.cancelled }
            stride *= c.cardinality
        }
        guard var firstRow = cancellation.array(repeating: Int32(-1), count: product) else {
            throw ExecutionContext.cancelled
        }
        slots.withUnsafeBufferPointer { s in
            firstRow.withUnsafeMutableBufferPointer { first in
                for i in 0..<n {
                    if cancellation.shouldStop(i) {
                        stopped = true
                        break
                    }
                    if first[Int(s[i])] < 0 { first[Int(s[i])] = Int32(i) }
                }
            }
        }
        if stopped { throw ExecutionContext.cancelled }
        guard var slotToGroup = cancellation.array(repeating: Int32(-1), count: product) else {
            throw ExecutionContext.cancelled
        }
        var representatives: [Int32] = []
        representatives.reserveCapacity(product)  // no regrowth copies of millions between two looks
        for slot in 0..<product {
            if cancellation.shouldStop(slot) { throw ExecutionContext.cancelled }
            if firstRow[slot] < 0 { continue }
            slotToGroup[slot] = Int32(representatives.count)
            representatives.append(firstRow[slot])
        }
        guard let ids = slotToGroup.withUnsafeBufferPointer({ map in cancellation.map(slots) { map[Int($0)] } }) else {
            throw ExecutionContext.cancelled
        }
        return Groups(ids: ids, count: representatives.count, representatives: representatives)
    }

    /// General case: sort rows by their component tuples, then number runs.
    private static func sorted(_ components: [OrderedComponent], rowCount n: Int, cancellation: CancellationFlag)
        throws(Diagnostic) -> Groups
    {
        var order = (0..<Int32(n)).map { $0 }
        try cancellation.sort(&order) { a, b in
            for c in components {
                let x = c.ids[Int(a)]
                let y = c.ids[Int(b)]
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
/// On Ctrl-C (looked at every 16,384 rows or values of each pass) it stops early with no ids at all:
/// `Groups.build` looks at the flag right after and throws.
struct OrderedComponent {
    var ids: [Int32]
    var cardinality: Int

    init(column: Column, cancellation: CancellationFlag) {
        let n = column.count
        switch column.values {
        case .string(let codes, let dict):
            let ranks = dict.ranks
            guard var ids = cancellation.lookup(codes, ranks.map { Int32($0) }) else {
                self = .stopped
                return
            }
            Self.applyNulls(&ids, column, Int32(dict.count))
            self.ids = ids
            self.cardinality = dict.count + 1
        case .bool(let v):
            var ids = v.map { Int32($0 ? 1 : 0) }
            Self.applyNulls(&ids, column, 2)
            self.ids = ids
            self.cardinality = 3
        case .int(let v), .timestamp(let v), .duration(let v):
            self = Self.denseRange(v, column, n, cancellation) ?? Self.dense(v, column, n, cancellation)
        case .date(let v):
            self = Self.denseRange(v, column, n, cancellation) ?? Self.dense(v, column, n, cancellation)
        case .double(let v):
            self = Self.dense(v, column, n, cancellation)
        }
    }

    private init(ids: [Int32], cardinality: Int) {
        self.ids = ids
        self.cardinality = cardinality
    }

    /// What a component cancelled partway is: no ids (never read; the caller throws first).
    private static let stopped = OrderedComponent(ids: [], cardinality: 1)

    private static func applyNulls(_ ids: inout [Int32], _ column: Column, _ nullId: Int32) {
        column.nulls?.forEachNull { ids[$0] = nullId }
    }

    /// Distinct integers ranked in ascending order by direct indexing, when they span a small range
    /// (months, days, small codes, ids): no hashing. Nil when the range is too wide for a table.
    private static func denseRange<T: FixedWidthInteger>(
        _ values: [T], _ column: Column, _ n: Int,
        _ cancellation: CancellationFlag
    ) -> OrderedComponent? {
        let nulls = column.nulls
        guard let (low, high) = nonNullRange(values, nulls: nulls) else {  // all null: one group
            return OrderedComponent(ids: [Int32](repeating: 0, count: n), cardinality: 1)
        }
        let (span, overflow) = Int64(high).subtractingReportingOverflow(Int64(low))
        // The table is at most 4 ints a row, and no larger than the rows once past 4M entries (ids).
        let limit = n >= 1 << 22 ? n : min(1 << 22, 4 * max(n, 1024))
        guard !overflow, span < Int64(limit) else { return nil }
        let base = Int64(low)
        guard var rankOf = cancellation.array(repeating: Int32(-1), count: Int(span) + 1) else { return .stopped }
        var stopped = false
        values.withUnsafeBufferPointer { v in
            rankOf.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    if cancellation.shouldStop(i) {
                        stopped = true
                        break
                    }
                    if nulls == nil || !nulls!.isNull(i) { r[Int(Int64(v[i]) - base)] = 0 }
                }
            }
        }
        if stopped { return .stopped }
        var distinct: Int32 = 0
        for k in rankOf.indices {
            if cancellation.shouldStop(k) { return .stopped }
            if rankOf[k] == 0 {
                rankOf[k] = distinct
                distinct += 1
            }
        }
        // A null row's value slot holds 0, which may lie outside the range: never look it up.
        let ranked = rankOf.withUnsafeBufferPointer { r in
            values.withUnsafeBufferPointer { v in
                cancellation.array(count: n) { i in (nulls?.isNull(i) ?? false) ? distinct : r[Int(Int64(v[i]) - base)]
                }
            }
        }
        guard let ids = ranked else { return .stopped }
        return OrderedComponent(ids: ids, cardinality: Int(distinct) + 1)
    }

    /// Distinct values ranked in ascending order.
    private static func dense<T: Hashable & Comparable>(
        _ values: [T], _ column: Column, _ n: Int,
        _ cancellation: CancellationFlag
    ) -> OrderedComponent {
        var seen: [T: Int32] = [:]
        for i in 0..<n where !column.isNull(i) {
            if cancellation.shouldStop(i) { return .stopped }
            if seen[values[i]] == nil { seen[values[i]] = 0 }
        }
        var sortedKeys = Array(seen.keys)
        do { try cancellation.sort(&sortedKeys, by: <) } catch { return .stopped }
        for (rank, key) in sortedKeys.enumerated() {
            if cancellation.shouldStop(rank) { return .stopped }
            seen[key] = Int32(rank)
        }
        let nullId = Int32(sortedKeys.count)
        var ids = [Int32](repeating: nullId, count: n)
        var stopped = false
        values.withUnsafeBufferPointer { v in
            for i in 0..<n where !column.isNull(i) {
                if cancellation.shouldStop(i) {
                    stopped = true
                    break
                }
                ids[i] = seen[v[i]]!
            }
        }
        return stopped ? .stopped : OrderedComponent(ids: ids, cardinality: sortedKeys.count + 1)
    }
}

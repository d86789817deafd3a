import PipeQCore
import PipeQStorage

/// Runs a join node over whole columns. Keys become small dense numbers first (a string key's dictionary codes
/// on the left, the right's strings looked up once per dictionary entry; integers and dates numbered as the
/// right side meets them; several key pairs combined into one number per row), so building is a counting sort
/// of the right rows by key and probing is an array lookup per left row, split across cores on large inputs.
struct HashJoin {
    let node: JoinNode
    let context: ExecutionContext

    func run(_ left: Relation, _ right: Relation) throws(Diagnostic) -> Relation {
        let (leftKeys, rightKeys, keyCount) = keys(left, right)
        try context.checkCancelled()
        // matches[start[k]..<start[k + 1]] are the right rows with key k.
        var start = [Int](repeating: 0, count: keyCount + 1)
        for k in rightKeys where k >= 0 { start[Int(k) + 1] += 1 }
        for k in 0..<keyCount { start[k + 1] += start[k] }
        var fill = start
        var matches = [Int32](repeating: 0, count: start[keyCount])
        for (row, k) in rightKeys.enumerated() where k >= 0 {
            matches[fill[Int(k)]] = Int32(row)
            fill[Int(k)] += 1
        }
        try context.checkCancelled()
        let probe = Probe(kind: node.kind, keys: leftKeys, start: start, matches: matches)
        let chunks = Parallel.chunkCount(rows: leftKeys.count)
        // Each chunk counts its output rows, then writes them at its offset: the same order as one pass.
        var counts = [Int](repeating: 0, count: chunks)
        counts.withUnsafeMutableBufferPointer { counts in
            Parallel.forEach(chunks) { c in
                counts[c] = probe.count(Parallel.range(c, of: chunks, rows: leftKeys.count), context.cancellation)
            }
        }
        try context.checkCancelled()
        let total = counts.reduce(0, &+)
        try refuseIfTooBig(rows: total, left: left, right: right)
        var offsets = [0]
        for c in counts { offsets.append(offsets.last! + c) }
        var leftRows = [Int32](repeating: 0, count: total)
        var rightRows = [Int32](repeating: -1, count: node.kind.addsColumns ? total : 0)
        leftRows.withUnsafeMutableBufferPointer { l in
            rightRows.withUnsafeMutableBufferPointer { r in
                Parallel.forEach(chunks) { c in
                    probe.fill(
                        Parallel.range(c, of: chunks, rows: leftKeys.count), at: offsets[c], left: l, right: r,
                        context.cancellation)
                }
            }
        }
        try context.checkCancelled()
        var out = left.reindexed(leftRows)
        guard node.kind.addsColumns else { return out }
        let gather = rightRows.map { max(0, $0) }
        let missing = node.kind == .left ? NullBitmap.from(count: rightRows.count) { rightRows[$0] < 0 } : nil
        for added in node.added {
            let source = right.fields[added.index].materialized()
            let column =
                source.count == 0
                ? Vector.broadcast(.null, type: source.type, count: rightRows.count)
                : source.gathered(gather)
            out.fields.append(
                RelationField(
                    name: added.field.name, info: added.field.info,
                    column: Column(
                        column.values, nulls: NullBitmap.union(column.nulls, missing, count: rightRows.count))))
        }
        return out
    }

    /// One key number per row on each side, in one key space (-1: a null key, or a left key the right lacks).
    private func keys(_ left: Relation, _ right: Relation) -> ([Int32], [Int32], Int) {
        var combined: ([Int32], [Int32], Int)?
        for pair in node.keys {
            let next = Self.commonKeys(left.fields[pair.left].materialized(), right.fields[pair.right].materialized())
            combined = combined.map { Self.combine($0, next) } ?? next
        }
        return combined ?? ([], [], 0)
    }

    /// Two key numberings as one: the pair (a, b) numbered densely in the order the right side meets it.
    static func combine(_ a: ([Int32], [Int32], Int), _ b: ([Int32], [Int32], Int)) -> ([Int32], [Int32], Int) {
        var index: [Int64: Int32] = [:]
        let width = Int64(b.2)
        let r = zip(a.1, b.1).map { x, y -> Int32 in
            guard x >= 0, y >= 0 else { return -1 }
            let key = Int64(x) * width + Int64(y)
            if let k = index[key] { return k }
            let k = Int32(index.count)
            index[key] = k
            return k
        }
        let l = zip(a.0, b.0).map { x, y -> Int32 in x >= 0 && y >= 0 ? index[Int64(x) * width + Int64(y)] ?? -1 : -1 }
        return (l, r, index.count)
    }

    /// Both key columns as numbers in one key space (-1 = null, or absent from the other side's space).
    static func commonKeys(_ left: Column, _ right: Column) -> ([Int32], [Int32], Int) {
        let left = left.withDistinctStrings  // its codes are the key space
        switch (left.values, right.values) {
        case (.string(let lc, let ld), .string(let rc, let rd)):
            // Key space: the left dictionary's codes; right values are looked up once per right dictionary entry.
            var index: [String: Int32] = [:]
            for (code, s) in ld.values.enumerated() where index[s] == nil { index[s] = Int32(code) }
            let map = rd.values.map { index[$0] ?? -1 }
            var l = lc.map { Int32($0) }
            var r = rc.lookup(map)
            if let nulls = left.nulls { for i in 0..<l.count where nulls.isNull(i) { l[i] = -1 } }
            if let nulls = right.nulls { for i in 0..<r.count where nulls.isNull(i) { r[i] = -1 } }
            return (l, r, ld.count)
        case (.int(let lv), .int(let rv)):
            return dense(lv, left.nulls, rv, right.nulls)
        case (.date(let lv), .date(let rv)):
            return dense(lv.map(Int64.init), left.nulls, rv.map(Int64.init), right.nulls)
        default:
            return ([Int32](repeating: -1, count: left.count), [Int32](repeating: -1, count: right.count), 0)
        }
    }

    /// Integer keys numbered in the order the right side meets them: through an array over the right's value range
    /// when that range is small (ids, days: no hashing), else a dictionary.
    private static func dense(_ l: [Int64], _ ln: NullBitmap?, _ r: [Int64], _ rn: NullBitmap?) -> (
        [Int32], [Int32], Int
    ) {
        var low = Int64.max
        var high = Int64.min
        for (i, v) in r.enumerated() where !(rn?.isNull(i) ?? false) {
            low = min(low, v)
            high = max(high, v)
        }
        guard low <= high else {
            return ([Int32](repeating: -1, count: l.count), [Int32](repeating: -1, count: r.count), 0)
        }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if !overflow, span < Int64(max(4 * r.count, 1 << 16)) {
            var slot = [Int32](repeating: -1, count: Int(span) + 1)
            var count: Int32 = 0
            let rk = r.enumerated().map { i, v -> Int32 in
                if rn?.isNull(i) ?? false { return -1 }
                let s = Int(v &- low)
                if slot[s] < 0 {
                    slot[s] = count
                    count += 1
                }
                return slot[s]
            }
            let lk = l.enumerated().map { i, v -> Int32 in
                (ln?.isNull(i) ?? false) || v < low || v > high ? -1 : slot[Int(v &- low)]
            }
            return (lk, rk, Int(count))
        }
        var index: [Int64: Int32] = [:]
        let rk = r.enumerated().map { i, v -> Int32 in
            if rn?.isNull(i) ?? false { return -1 }
            if let k = index[v] { return k }
            let k = Int32(index.count)
            index[v] = k
            return k
        }
        let lk = l.enumerated().map { i, v -> Int32 in (ln?.isNull(i) ?? false) ? -1 : (index[v] ?? -1) }
        return (lk, rk, index.count)
    }

    /// A join repeats each input row once per match: `deals where id <= 100 | join deals on stage` makes 87M
    /// rows. Refuses, before building anything, when the output rows would take more than the memory limit.
    private func refuseIfTooBig(rows: Int, left: Relation, right: Relation) throws(Diagnostic) {
        // Two row positions while matching and the input's index (4 bytes each), then a gathered value per
        // added column: 4 bytes for dictionary codes and dates, 1 for booleans, 8 for the rest.
        let bytesPerRow = node.added.reduce(12) { sum, column in
            switch column.field.type {
            case .string, .date: return sum + 4
            case .bool: return sum + 1
            default: return sum + 8
            }
        }
        let (bytes, overflow) = rows.multipliedReportingOverflow(by: bytesPerRow)
        let limit = MemoryLimit.bytes
        guard overflow || bytes > limit || rows > Int(Int32.max) else { return }
        let condition = node.conditionText(leftNames: left.fields.map(\.name), rightNames: right.fields.map(\.name))
        throw Diagnostic(
            .execute,
            "join \(node.rightName) on \(condition) would make \(Self.grouped(rows)) rows "
                + "(about \(overflow ? "more than 1 TB" : MemoryLimit.describe(bytes))), over the memory limit of \(MemoryLimit.describe(limit))",
            span: node.span,
            hint: "join on a column whose values are unique in \(node.rightName) (an id), filter either side first, "
                + "or raise the limit: .limit memory SIZE")
    }

    private static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}

/// The probe side of a join over key numbers: how many output rows a range of left rows makes, then writing them.
private struct Probe {
    let kind: JoinKind
    let keys: [Int32]
    let start: [Int]
    let matches: [Int32]

    func matchCount(_ i: Int) -> Int {
        let k = Int(keys[i])
        return k < 0 ? 0 : start[k + 1] - start[k]
    }

    func count(_ rows: Range<Int>, _ cancellation: CancellationFlag) -> Int {
        var n = 0
        for i in rows {
            if cancellation.shouldStop(i) { return n }
            let m = matchCount(i)
            switch kind {
            case .inner: n &+= m
            case .left: n &+= max(1, m)
            case .semi: n &+= m > 0 ? 1 : 0
            case .anti: n &+= m == 0 ? 1 : 0
            }
        }
        return n
    }

    func fill(
        _ rows: Range<Int>, at offset: Int, left: UnsafeMutableBufferPointer<Int32>,
        right: UnsafeMutableBufferPointer<Int32>,
        _ cancellation: CancellationFlag
    ) {
        var o = offset
        for i in rows {
            if cancellation.shouldStop(i) { return }
            let m = matchCount(i)
            switch kind {
            case .semi, .anti:
                if (m > 0) == (kind == .semi) {
                    left[o] = Int32(i)
                    o += 1
                }
            case .inner, .left:
                if m == 0 {
                    if kind == .left {
                        left[o] = Int32(i)
                        right[o] = -1
                        o += 1
                    }
                    continue
                }
                let k = Int(keys[i])
                for j in start[k]..<start[k + 1] {
                    left[o] = Int32(i)
                    right[o] = matches[j]
                    o += 1
                }
            }
        }
    }
}

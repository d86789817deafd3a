import PipeQCore
import PipeQStorage

#if canImport(Glibc)
    import Glibc
#endif

/// The core filter loop: visits each position of a domain, tests the physical row behind it, and
/// collects the positions that pass: a branch-free append (write, then advance by 0 or 1), or, over a
/// whole column without nulls, a 64-row bit mask whose set bits give the positions. Large domains
/// are split into one chunk per core, all writing into one output buffer (chunk k from its range's start
/// plus k, so the slot a branch-free loop writes past its last match never overlaps the next chunk);
/// the chunks' results are then moved down into place. One buffer, touched only where rows pass, as on
/// one thread: per-chunk buffers joined into a third array cost more in fresh memory than the split saved.
@inline(__always)
func selectPositions(_ domain: Domain, physical: [Int32]?, nulls: NullBitmap?, _ test: (Int) -> Bool) -> [Int32] {
    let n = domain.count
    let positions: [Int32]? = { if case .rows(let r) = domain { return r } else { return nil } }()
    let rows = physical ?? positions
    let nullWords = nulls?.words ?? []
    let hasNulls = nulls != nil
    // The bit-mask scan of a whole column (~0.7 ns a row at 10M) stays on one thread: it is memory-bound,
    // and split in two it measured twice as slow here (14 → 32 ms for Q1 at 10M rows).
    let chunks = rows == nil && !hasNulls ? 1 : Parallel.chunkCount(rows: n)
    var out = [Int32].uninitialized(capacity: n + chunks) { out, initialized in
        let base = out.baseAddress!
        // One chunk runs right here, so the caller's test closure is inlined into the loop.
        if chunks == 1 {
            initialized = scan(
                0..<n, rows: rows, positions: positions, nullWords: nullWords, hasNulls: hasNulls, into: base, test)
            return
        }
        var kept = [Int](repeating: 0, count: chunks)
        kept.withUnsafeMutableBufferPointer { counts in
            Parallel.forEach(chunks, threads: chunks) { chunk in
                let range = Parallel.range(chunk, of: chunks, rows: n)
                counts[chunk] = scan(
                    range, rows: rows, positions: positions, nullWords: nullWords, hasNulls: hasNulls,
                    into: base + range.lowerBound + chunk, test)
            }
        }
        var total = 0
        for chunk in 0..<chunks {
            let from = base + Parallel.range(chunk, of: chunks, rows: n).lowerBound + chunk
            if kept[chunk] > 0 && from != base + total {
                memmove(base + total, from, kept[chunk] * MemoryLayout<Int32>.stride)
            }
            total += kept[chunk]
        }
        initialized = total
    }
    out.shrinkToFitIfSparse()
    return out
}

/// Writes the positions in `range` that pass to `o` (which has room for `range.count + 1`) and returns
/// how many: rows[k] is tested (k itself when there is no index) and positions[k] kept (k itself for
/// the whole domain). Each step writes slot `kept` and never reads a slot back, so only the pages up to
/// the last kept row are touched (no memset, no page faults for the rest of a 40 MB buffer at 10M rows).
@inline(__always)
private func scan(
    _ range: Range<Int>, rows: [Int32]?, positions: [Int32]?, nullWords: [UInt64], hasNulls: Bool,
    into o: UnsafeMutablePointer<Int32>, _ test: (Int) -> Bool
) -> Int {
    var kept = 0
    nullWords.withUnsafeBufferPointer { w in
        if let rows, let positions {
            rows.withUnsafeBufferPointer { rp in
                positions.withUnsafeBufferPointer { pp in
                    for k in range {
                        let r = Int(rp[k])
                        o[kept] = pp[k]
                        let isNull = hasNulls && (w[r >> 6] >> UInt64(r & 63)) & 1 != 0
                        kept &+= (!isNull && test(r)) ? 1 : 0
                    }
                }
            }
        } else if let rows {
            rows.withUnsafeBufferPointer { rp in
                for k in range {
                    let r = Int(rp[k])
                    o[kept] = Int32(k)
                    let isNull = hasNulls && (w[r >> 6] >> UInt64(r & 63)) & 1 != 0
                    kept &+= (!isNull && test(r)) ? 1 : 0
                }
            }
        } else if hasNulls {
            for r in range {
                o[kept] = Int32(r)
                let isNull = (w[r >> 6] >> UInt64(r & 63)) & 1 != 0
                kept &+= (!isNull && test(r)) ? 1 : 0
            }
        } else {
            // The tests of 64 rows become one bit mask (a loop the compiler can vectorise).
            kept = scanBlocks(
                range, into: o,
                blockMask: { r in
                    var mask: UInt64 = 0
                    for j in 0..<64 { mask |= (test(r &+ j) ? 1 : 0) << UInt64(j) }
                    return mask
                }, rowPasses: test)
        }
    }
    return kept
}

/// Rows of `range` (whole-column rows, no index, no nulls) 64 at a time: `blockMask(r)` has bit j set when
/// row `r + j` passes, and the passing rows are read off its set bits (a block where all or nearly all pass
/// is written straight or branch-free instead); `rowPasses` tests the rows after the last whole block.
/// Writes them to `o` and returns how many.
@inline(__always)
private func scanBlocks(
    _ range: Range<Int>, into o: UnsafeMutablePointer<Int32>, blockMask: (Int) -> UInt64,
    rowPasses: (Int) -> Bool
) -> Int {
    var kept = 0
    var r = range.lowerBound
    let end = range.upperBound
    while r + 64 <= end {
        let mask = blockMask(r)
        if mask == ~0 {
            for j in 0..<64 { o[kept &+ j] = Int32(r &+ j) }
            kept &+= 64
        } else if mask.nonzeroBitCount > 48 {
            for j in 0..<64 {
                o[kept] = Int32(r &+ j)
                kept &+= Int(truncatingIfNeeded: (mask >> UInt64(j)) & 1)
            }
        } else {
            var m = mask
            while m != 0 {
                o[kept] = Int32(r &+ m.trailingZeroBitCount)
                kept &+= 1
                m &= m &- 1
            }
        }
        r &+= 64
    }
    while r < end {
        o[kept] = Int32(r)
        kept &+= rowPasses(r) ? 1 : 0
        r &+= 1
    }
    return kept
}

/// Rows `0..<n` of a whole column without nulls whose byte in `difference` is zero: `difference(i)` gives
/// the eight bytes of rows `i..<i+8` (one-byte dictionary codes xor the wanted code), so a 64-row block is
/// eight word tests (`SWAR.zeroBytes`) instead of 64 compares. `rowPasses` tests the last `n % 64` rows.
@inline(__always)
func selectZeroBytes(count n: Int, _ difference: (Int) -> UInt64, rowPasses: (Int) -> Bool) -> [Int32] {
    var out = [Int32].uninitialized(capacity: n + 1) { out, initialized in
        initialized = scanBlocks(
            0..<n, into: out.baseAddress!,
            blockMask: { r in
                var mask: UInt64 = 0
                for b in 0..<8 { mask |= SWAR.packHighBits(SWAR.zeroBytes(difference(r &+ 8 &* b))) << UInt64(8 &* b) }
                return mask
            }, rowPasses: rowPasses)
    }
    out.shrinkToFitIfSparse()
    return out
}

extension Array where Element == Int32 {
    /// Gives back memory when a filter kept few of many rows.
    mutating func shrinkToFitIfSparse() {
        if capacity > 4096, count < capacity / 4 { self = Array(self) }
    }
}

/// Merges two ascending position lists into their ascending union.
func unionPositions(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    if a.isEmpty { return b }
    if b.isEmpty { return a }
    var out: [Int32] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0
    var j = 0
    while i < a.count && j < b.count {
        if a[i] < b[j] {
            out.append(a[i])
            i += 1
        } else if a[i] > b[j] {
            out.append(b[j])
            j += 1
        } else {
            out.append(a[i])
            i += 1
            j += 1
        }
    }
    out.append(contentsOf: a[i...])
    out.append(contentsOf: b[j...])
    return out
}

extension ComparisonOperator {
    /// The operator that is true exactly when this one is false (for non-null, non-NaN values).
    var negated: ComparisonOperator {
        switch self {
        case .equal: return .notEqual
        case .notEqual: return .equal
        case .less: return .greaterEqual
        case .lessEqual: return .greater
        case .greater: return .lessEqual
        case .greaterEqual: return .less
        }
    }

    @inline(__always)
    func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        }
    }
}

/// Column-versus-constant comparison, specialised per operator so the loop body is one compare.
@inline(__always)
func selectCompare<T: Comparable>(
    _ values: [T], _ op: ComparisonOperator, _ constant: T, _ domain: Domain, physical: [Int32]?, nulls: NullBitmap?
) -> [Int32] {
    values.withUnsafeBufferPointer { v in
        switch op {
        case .equal: return selectPositions(domain, physical: physical, nulls: nulls) { v[$0] == constant }
        case .notEqual: return selectPositions(domain, physical: physical, nulls: nulls) { v[$0] != constant }
        case .less: return selectPositions(domain, physical: physical, nulls: nulls) { v[$0] < constant }
        case .lessEqual: return selectPositions(domain, physical: physical, nulls: nulls) { v[$0] <= constant }
        case .greater: return selectPositions(domain, physical: physical, nulls: nulls) { v[$0] > constant }
        case .greaterEqual: return selectPositions(domain, physical: physical, nulls: nulls) { v[$0] >= constant }
        }
    }
}

/// Positions whose dictionary code maps to true in `table` (one entry per dictionary value): one
/// compare per row when a single value passes, else a table lookup per row.
///
/// Written out once per code width: the per-row closures must be made in non-generic code, or the
/// optimiser leaves them as calls through a pointer (a generic version measured twice as slow).
func selectCodes(_ codes: DictionaryCodes, table: [Bool], _ domain: Domain, physical: [Int32]?, nulls: NullBitmap?)
    -> [Int32]
{
    let hits = table.indices.filter { table[$0] }
    if hits.isEmpty { return [] }
    let one = hits.count == 1 ? hits[0] : nil
    return table.withUnsafeBufferPointer { t in
        switch codes {
        case .u8(let codes):
            return codes.withUnsafeBufferPointer { c in
                guard let one else {
                    return selectPositions(domain, physical: physical, nulls: nulls) { t[Int(c[$0])] }
                }
                guard one <= Int(UInt8.max) else { return [] }
                let code = UInt8(one)
                if case .all(let n) = domain, physical == nil, nulls == nil, n > 0, n <= c.count {
                    let pattern = SWAR.repeated(code)
                    let raw = UnsafeRawPointer(c.baseAddress!)
                    return selectZeroBytes(
                        count: n, { raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self) ^ pattern },
                        rowPasses: { c[$0] == code })
                }
                return selectPositions(domain, physical: physical, nulls: nulls) { c[$0] == code }
            }
        case .u16(let codes):
            return codes.withUnsafeBufferPointer { c in
                guard let one else {
                    return selectPositions(domain, physical: physical, nulls: nulls) { t[Int(c[$0])] }
                }
                guard one <= Int(UInt16.max) else { return [] }
                let code = UInt16(one)
                return selectPositions(domain, physical: physical, nulls: nulls) { c[$0] == code }
            }
        case .u32(let codes):
            return codes.withUnsafeBufferPointer { c in
                guard let one else {
                    return selectPositions(domain, physical: physical, nulls: nulls) { t[Int(c[$0])] }
                }
                let code = UInt32(one)
                return selectPositions(domain, physical: physical, nulls: nulls) { c[$0] == code }
            }
        }
    }
}

import PipeQStorage

/// The core filter loop: visits each position of a domain, tests the physical row behind it, and
/// collects the positions that pass. Branch-free append (write, then advance by 0 or 1).
@inline(__always)
func selectPositions(_ domain: Domain, physical: [Int32]?, nulls: NullBitmap?, _ test: (Int) -> Bool) -> [Int32] {
    let n = domain.count
    var out = [Int32](repeating: 0, count: n)
    var kept = 0
    out.withUnsafeMutableBufferPointer { o in
        let nullWords = nulls?.words
        switch (domain, physical) {
        case (.all, nil):
            if let nullWords {
                nullWords.withUnsafeBufferPointer { w in
                    for r in 0..<n {
                        o[kept] = Int32(r)
                        let isNull = (w[r >> 6] >> UInt64(r & 63)) & 1 != 0
                        kept &+= (!isNull && test(r)) ? 1 : 0
                    }
                }
            } else {
                for r in 0..<n {
                    o[kept] = Int32(r)
                    kept &+= test(r) ? 1 : 0
                }
            }
        default:
            let positions = domain.positionsArray
            let rows = physical ?? positions
            rows.withUnsafeBufferPointer { rp in
                positions.withUnsafeBufferPointer { pp in
                    if let nullWords {
                        nullWords.withUnsafeBufferPointer { w in
                            for k in 0..<n {
                                let r = Int(rp[k])
                                o[kept] = pp[k]
                                let isNull = (w[r >> 6] >> UInt64(r & 63)) & 1 != 0
                                kept &+= (!isNull && test(r)) ? 1 : 0
                            }
                        }
                    } else {
                        for k in 0..<n {
                            o[kept] = pp[k]
                            kept &+= test(Int(rp[k])) ? 1 : 0
                        }
                    }
                }
            }
        }
    }
    out.removeLast(n - kept)
    return out
}

/// Merges two ascending position lists into their ascending union.
func unionPositions(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    if a.isEmpty { return b }
    if b.isEmpty { return a }
    var out: [Int32] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if a[i] < b[j] { out.append(a[i]); i += 1 } else if a[i] > b[j] { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1; j += 1 }
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
func selectCompare<T: Comparable>(_ values: [T], _ op: ComparisonOperator, _ constant: T, _ domain: Domain, physical: [Int32]?, nulls: NullBitmap?) -> [Int32] {
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

/// Positions whose dictionary code maps to true in `table` (one entry per dictionary value).
func selectCodes(_ codes: [UInt32], table: [Bool], _ domain: Domain, physical: [Int32]?, nulls: NullBitmap?) -> [Int32] {
    let hits = table.indices.filter { table[$0] }
    if hits.isEmpty { return [] }
    if hits.count == 1 {
        let code = UInt32(hits[0])
        return codes.withUnsafeBufferPointer { c in selectPositions(domain, physical: physical, nulls: nulls) { c[$0] == code } }
    }
    return codes.withUnsafeBufferPointer { c in
        table.withUnsafeBufferPointer { t in selectPositions(domain, physical: physical, nulls: nulls) { t[Int(c[$0])] } }
    }
}

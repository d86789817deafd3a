import PipeQCore
import PipeQStorage

/// Element-wise binary kernels over operands (arrays or broadcast constants). `f` returns nil for a
/// null result (overflow, division by zero). `f` also sees the value slots of null rows (which hold 0),
/// so it must accept any value of its type.
@inline(__always)
func mapBinary<A, B, R>(_ a: Operand<A>, _ b: Operand<B>, count: Int, zero: R, _ f: (A, B) -> R?) -> Column
where R: Sendable {
    var nulls = NullBitmap.union(a.nulls, b.nulls, count: count)
    var extraNulls: [Int] = []
    let values = [R].uninitialized(capacity: count) { out, n in
        a.values.withUnsafeBufferPointer { av in
            b.values.withUnsafeBufferPointer { bv in
                let ma = a.mask
                let mb = b.mask
                for i in 0..<count {
                    if let r = f(av[i & ma], bv[i & mb]) {
                        out.initializeElement(at: i, to: r)
                    } else {
                        out.initializeElement(at: i, to: zero)
                        extraNulls.append(i)
                    }
                }
            }
        }
        n = count
    }
    if !extraNulls.isEmpty {
        if nulls == nil { nulls = NullBitmap(count: count) }
        for i in extraNulls { nulls!.setNull(i) }
    }
    return wrap(values, nulls: nulls)
}

@inline(__always)
func mapUnary<A, R>(_ a: [A], nulls: NullBitmap?, zero: R, _ f: (A) -> R?) -> Column where R: Sendable {
    mapBinary(Operand(array: a, nulls: nulls), Operand(constant: 0 as Int), count: a.count, zero: zero) { x, _ in f(x) }
}

/// Wraps typed values in the column case for their Swift type; the caller retypes with `retyped`.
/// Decides by the element type, not by casting the array: an empty array casts to every array type,
/// so `[] as [Int64]` succeeded for an empty `[Double]` and a zero-row `int * double` came out as an
/// int column (and then hit "unbound arithmetic"; found by fuzz-query).
private func wrap<R>(_ values: [R], nulls: NullBitmap?) -> Column {
    if R.self == Int64.self { return Column(.int(values as! [Int64]), nulls: nulls) }
    if R.self == Double.self { return Column(.double(values as! [Double]), nulls: nulls) }
    if R.self == Int32.self { return Column(.date(values as! [Int32]), nulls: nulls) }
    if R.self == Bool.self { return Column(.bool(values as! [Bool]), nulls: nulls) }
    fatalError("unsupported kernel result type \(R.self)")
}

extension Column {
    /// The same values under another Int64-backed logical type (int ↔ timestamp ↔ duration).
    func retyped(_ type: DataType) -> Column {
        switch (values, type) {
        case (.int(let v), .timestamp), (.duration(let v), .timestamp): return Column(.timestamp(v), nulls: nulls)
        case (.int(let v), .duration), (.timestamp(let v), .duration): return Column(.duration(v), nulls: nulls)
        case (.timestamp(let v), .int), (.duration(let v), .int): return Column(.int(v), nulls: nulls)
        default: return self
        }
    }
}

/// The smallest and largest non-null values, or nil when every value is null (or there are none).
func nonNullRange<T: FixedWidthInteger>(_ values: [T], nulls: NullBitmap?) -> (low: T, high: T)? {
    var low = T.max
    var high = T.min
    values.withUnsafeBufferPointer { v in
        for i in v.indices where nulls == nil || !nulls!.isNull(i) {
            low = min(low, v[i])
            high = max(high, v[i])
        }
    }
    return low <= high ? (low, high) : nil
}

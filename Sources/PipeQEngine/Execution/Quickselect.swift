/// Order statistics without sorting: the k-th smallest value moved into place in O(n) (quickselect), for
/// medians and percentiles. A sort of every group's values cost cycle and dealsize twice their old time.
enum Quickselect {
    /// Moves the k-th smallest value to index k, smaller ones before it and larger ones after. Looks at Ctrl-C
    /// before each partition of 16,384 values or more and every 16,384 swaps within one (a partition of millions
    /// of values is one pass); false when it stopped (the order is then partial and the executor discards the result).
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int, cancellation: CancellationFlag) -> Bool {
        var lo = 0
        var hi = a.count - 1
        var swaps = 0
        while hi > lo {
            if hi - lo < 16 {
                for i in (lo + 1)...hi {
                    let x = a[i]
                    var j = i - 1
                    while j >= lo, a[j] > x {
                        a[j + 1] = a[j]
                        j -= 1
                    }
                    a[j + 1] = x
                }
                return true
            }
            if hi - lo >= 1 << 14, cancellation.isCancelled { return false }
            let mid = lo + (hi - lo) / 2
            let x = a[lo]
            let y = a[mid]
            let z = a[hi]
            let pivot = max(min(x, y), min(max(x, y), z))
            var i = lo
            var j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                    swaps &+= 1
                    if cancellation.shouldStop(swaps) { return false }
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return true }
        }
        return true
    }

    /// The continuous quantile `q` of the values (linear interpolation between the two nearest ranks, as DuckDB's
    /// quantile_cont): the same number a sort would give. Reorders the values; nil for none, or when cancelled.
    static func quantile(_ a: UnsafeMutableBufferPointer<Double>, _ q: Double, cancellation: CancellationFlag)
        -> Double?
    {
        let n = a.count
        guard n > 0 else { return nil }
        let pos = q * Double(n - 1)
        let below = Int(pos.rounded(.down))
        let above = Int(pos.rounded(.up))
        guard select(a, below, cancellation: cancellation) else { return nil }
        let x = a[below]
        var y = x
        if above != below {
            // The next rank up is the smallest of the values after the k-th (a pass that looks at Ctrl-C).
            y = a[below + 1]
            for i in (below + 2)..<n {
                if cancellation.shouldStop(i) { return nil }
                if a[i] < y { y = a[i] }
            }
        }
        return x + (y - x) * (pos - Double(below))
    }
}

import PipeQStorage

/// Averages of integer columns whose Double sums could be inexact, from 128-bit sums (used by `moments`).
extension Aggregator {
    /// The Int64 values of an integer, duration or datetime column.
    static func int64s(_ c: Column) -> [Int64]? {
        switch c.values {
        case .int(let v), .duration(let v), .timestamp(let v): return v
        default: return nil
        }
    }

    /// True when every partial sum of `v` is exact in a Double (|value| × count < 2^53), so the parallel Double
    /// sums give the exact average; one max pass, far cheaper than the grouped sums.
    static func sumsAreExactInDouble(_ v: [Int64]) -> Bool {
        var top: UInt64 = 0
        v.withUnsafeBufferPointer { for x in $0 { top = max(top, x.magnitude) } }
        return top <= (UInt64(1) << 53) / UInt64(max(1, v.count))
    }

    /// Averages of large integers (ids, Int64.max and min together) from exact 128-bit sums: Double sums lose
    /// them (the average of Int64.max, Int64.min and 0 came out 0, not −0.33).
    func exactAverages(_ v: [Int64], _ nulls: NullBitmap?, _ gids: [Int32]) -> (averages: [Double], counts: [Int64]) {
        let g = groups.count
        var low = [UInt64](repeating: 0, count: g)
        var high = [Int64](repeating: 0, count: g)  // two's complement high word of each sum
        var counts = [Int64](repeating: 0, count: g)
        for (i, id) in gids.enumerated() where nulls == nil || !nulls!.isNull(i) {
            if stop(i) { break }
            let k = Int(id)
            let x = v[i]
            let (sum, carry) = low[k].addingReportingOverflow(UInt64(bitPattern: x))
            low[k] = sum
            high[k] = high[k] &+ (x < 0 ? -1 : 0) &+ (carry ? 1 : 0)
            counts[k] += 1
        }
        var averages = [Double](repeating: 0, count: g)
        for k in 0..<g where counts[k] > 0 {
            var (hi, lo) = (UInt64(bitPattern: high[k]), low[k])
            let negative = high[k] < 0
            if negative {  // magnitude: two's complement negation of the 128-bit sum
                (hi, lo) = (~hi, ~lo)
                let (l, carry) = lo.addingReportingOverflow(1)
                (hi, lo) = (hi &+ (carry ? 1 : 0), l)
            }
            // |sum| / count < 2^64 (an average of Int64s is within Int64's range), so one wide division gives it.
            let n = UInt64(counts[k])
            let (q, r) = n.dividingFullWidth((hi, lo))
            let magnitude = Double(q) + Double(r) / Double(n)
            averages[k] = negative ? -magnitude : magnitude
        }
        return (averages, counts)
    }
}

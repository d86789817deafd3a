import PipeQCore
import PipeQStorage

/// Values bucketed by id with one counting-sort pass, so each bucket's quantiles come from an O(n)
/// selection on its own slice instead of a sort.
struct Buckets {
    /// Bucket `k` holds `values[offsets[k]..<offsets[k + 1]]`.
    private(set) var offsets: [Int]
    private(set) var values: [Double]
    /// A second payload per value (e.g. a deal number), permuted alongside, when given.
    private(set) var tags: [Int32]

    /// `bucket[i] < 0` leaves value `i` out.
    init(values source: [Double], bucket: [Int32], count: Int, tags source2: [Int32]? = nil) {
        var offsets = [Int](repeating: 0, count: count + 1)
        bucket.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] >= 0 { offsets[Int(b[i]) + 1] += 1 }
        }
        for k in 0..<count { offsets[k + 1] += offsets[k] }
        var fill = offsets
        var values = [Double](repeating: 0, count: offsets[count])
        var tags = [Int32](repeating: 0, count: source2 == nil ? 0 : offsets[count])
        source.withUnsafeBufferPointer { s in
            bucket.withUnsafeBufferPointer { b in
                values.withUnsafeMutableBufferPointer { v in
                    for i in 0..<b.count where b[i] >= 0 {
                        let k = Int(b[i])
                        v[fill[k]] = s[i]
                        if let source2 { tags[fill[k]] = source2[i] }
                        fill[k] += 1
                    }
                }
            }
        }
        self.offsets = offsets
        self.values = values
        self.tags = tags
    }

    var bucketCount: Int { offsets.count - 1 }
    func count(_ k: Int) -> Int { offsets[k + 1] - offsets[k] }

    func sum(_ k: Int) -> Double {
        var s = 0.0
        for i in offsets[k]..<offsets[k + 1] { s += values[i] }
        return s
    }

    /// The bucket's distinct tags (tags must be below `tagLimit`); `marks` is scratch shared across calls.
    func distinctTags(_ k: Int, marks: inout [Int32]) -> Int {
        var n = 0
        let stamp = Int32(k)
        for i in offsets[k]..<offsets[k + 1] {
            let t = Int(tags[i])
            if marks[t] != stamp { marks[t] = stamp; n += 1 }
        }
        return n
    }

    /// Continuous quantile (linear interpolation between the nearest ranks, like DuckDB's quantile_cont);
    /// NaN for an empty bucket. Reorders the bucket's values.
    mutating func quantile(_ k: Int, _ q: Double) -> Double {
        let lo = offsets[k], n = offsets[k + 1] - offsets[k]
        if n == 0 { return .nan }
        let pos = q * Double(n - 1)
        let below = Int(pos.rounded(.down))
        return values.withUnsafeMutableBufferPointer { buffer in
            let a = UnsafeMutableBufferPointer(rebasing: buffer[lo..<(lo + n)])
            Self.select(a, below)
            let x = a[below]
            let fraction = pos - Double(below)
            if fraction == 0 || below + 1 >= n { return x }
            var next = a[below + 1]
            for i in (below + 1)..<n where a[i] < next { next = a[i] }
            return x + (next - x) * fraction
        }
    }

    /// Moves the k-th smallest value to index k, smaller ones before it and larger ones after (quickselect).
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var lo = 0, hi = a.count - 1
        while hi > lo {
            if hi - lo < 16 {
                for i in (lo + 1)...hi {
                    let x = a[i]
                    var j = i - 1
                    while j >= lo, a[j] > x { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = x
                }
                return
            }
            let mid = lo + (hi - lo) / 2
            let x = a[lo], y = a[mid], z = a[hi]
            let pivot = max(min(x, y), min(max(x, y), z))
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}

/// Per-group deal counts and won-deal measures, computed in one pass over typed columns: the inputs of compare
/// and metrics (winrate, cycle, dealsize and velocity are core aggregates, see `VerbLowering`).
struct DealStats {
    var groups: Int
    var open: [Int64]
    var won: [Int64]
    var lost: [Int64]
    /// Won deals with a value: their sum and count.
    var wonValueSum: [Double]
    var wonValueCount: [Int64]
    /// Won deals with both dates: the sum of their cycles in days, and their count.
    var cycleSum: [Double]
    var cycleCount: [Int64]

    /// Which inputs to read.
    struct Columns: Sendable {
        var outcome: OutcomeSource
        var value: Int?
        var created: Int?
        var closeDate: Int?
    }

    /// - Parameter cancellation: looked at every 16,384 rows of each pass (10M deals: three passes of ~0.1 s);
    ///   when it trips the statistics are partial, and the caller's next `checkCancelled` throws.
    init(_ input: Relation, _ columns: Columns, groups g: VerbGroups, cancellation: CancellationFlag? = nil) {
        let stop: (Int) -> Bool = { i in cancellation?.shouldStop(i) ?? false }
        groups = g.count
        let n = input.count
        let outcome = columns.outcome.codes(input)
        open = [Int64](repeating: 0, count: groups)
        won = open
        lost = open
        wonValueCount = open
        cycleCount = open
        wonValueSum = [Double](repeating: 0, count: groups)
        cycleSum = wonValueSum
        for i in 0..<n {
            if stop(i) { break }
            let gid = Int(g.ids[i])
            switch outcome[i] {
            case OutcomeSource.open: open[gid] += 1
            case OutcomeSource.won: won[gid] += 1
            case OutcomeSource.lost: lost[gid] += 1
            default: break
            }
        }
        if let v = columns.value {
            let column = VerbSupport.column(input, v)
            let values = VerbSupport.doubles(column)
            for i in 0..<n where outcome[i] == OutcomeSource.won && !column.isNull(i) {
                if stop(i) { break }
                let gid = Int(g.ids[i])
                wonValueSum[gid] += values[i]
                wonValueCount[gid] += 1
            }
        }
        if let c = columns.created, let d = columns.closeDate {
            let created = VerbSupport.column(input, c), closed = VerbSupport.column(input, d)
            let a = VerbSupport.micros(created), b = VerbSupport.micros(closed)
            let day = Double(CivilTime.microsPerDay)
            for i in 0..<n where outcome[i] == OutcomeSource.won && !created.isNull(i) && !closed.isNull(i) {
                if stop(i) { break }
                let gid = Int(g.ids[i])
                cycleSum[gid] += Double(b[i] - a[i]) / day
                cycleCount[gid] += 1
            }
        }
    }

    /// won ÷ (won + lost); NaN when nothing closed.
    func winRate(_ k: Int) -> Double {
        let closed = won[k] + lost[k]
        return closed == 0 ? .nan : Double(won[k]) / Double(closed)
    }

    func avgWonValue(_ k: Int) -> Double { wonValueCount[k] == 0 ? .nan : wonValueSum[k] / Double(wonValueCount[k]) }
    func avgCycleDays(_ k: Int) -> Double { cycleCount[k] == 0 ? .nan : cycleSum[k] / Double(cycleCount[k]) }

    /// open × avg won value × win rate × days ÷ avg cycle days (money per `days` days); NaN when an input is missing or the cycle is 0.
    func velocity(_ k: Int, perDays days: Double = 1) -> Double {
        let cycle = avgCycleDays(k)
        guard cycle.isFinite, cycle > 0 else { return .nan }
        return Double(open[k]) * avgWonValue(k) * winRate(k) * days / cycle
    }
}

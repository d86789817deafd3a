import PipeQCore
import PipeQStorage

/// Values bucketed by id with one counting-sort pass, so each bucket's quantiles come from an O(n)
/// selection on its own slice instead of a sort.
///
/// Every pass looks at `cancellation` once per 16,384 values (bucketing 38M history rows or selecting a
/// quantile among millions takes tenths of a second): when it trips, the pass stops and its answer is
/// partial or NaN, and the caller's next look at the flag throws.
struct Buckets {
    /// Bucket `k` holds `values[offsets[k]..<offsets[k + 1]]`.
    private(set) var offsets: [Int]
    private(set) var values: [Double]
    /// A second payload per value (e.g. a deal number), permuted alongside, when given.
    private(set) var tags: [Int32]
    let cancellation: CancellationFlag

    /// `bucket[i] < 0` leaves value `i` out. Cancelled, the buckets are empty.
    init(
        values source: [Double], bucket: [Int32], count: Int, tags source2: [Int32]? = nil,
        cancellation: CancellationFlag = CancellationFlag()
    ) {
        self.cancellation = cancellation
        var offsets = [Int](repeating: 0, count: count + 1)
        var stopped = false
        bucket.withUnsafeBufferPointer { b in
            offsets.withUnsafeMutableBufferPointer { o in
                for i in 0..<b.count {
                    if cancellation.shouldStop(i) {
                        stopped = true
                        break
                    }
                    if b[i] >= 0 { o[Int(b[i]) + 1] += 1 }
                }
            }
        }
        if stopped {
            self.offsets = [Int](repeating: 0, count: count + 1)
            self.values = []
            self.tags = []
            return
        }
        for k in 0..<count { offsets[k + 1] += offsets[k] }
        var fill = offsets
        let total = offsets[count]
        // Uninitialised (trivial element types): every slot is written by the fill below, or, when it stops
        // early, the buckets are dropped; the page faults of these arrays fall inside the watched loop.
        var tags = [Int32].uninitialized(capacity: source2 == nil ? 0 : total) { _, n in n = source2 == nil ? 0 : total
        }
        let values = [Double].uninitialized(capacity: total) { v, n in
            source.withUnsafeBufferPointer { s in
                bucket.withUnsafeBufferPointer { b in
                    fill.withUnsafeMutableBufferPointer { f in
                        tags.withUnsafeMutableBufferPointer { t in
                            for i in 0..<b.count {
                                if cancellation.shouldStop(i) {
                                    stopped = true
                                    break
                                }
                                if b[i] < 0 { continue }
                                let k = Int(b[i])
                                v[f[k]] = s[i]
                                if let source2 { t[f[k]] = source2[i] }
                                f[k] += 1
                            }
                        }
                    }
                }
            }
            n = total
        }
        if stopped {
            self.offsets = [Int](repeating: 0, count: count + 1)
            self.values = []
            self.tags = []
            return
        }
        self.offsets = offsets
        self.values = values
        self.tags = tags
    }

    var bucketCount: Int { offsets.count - 1 }
    func count(_ k: Int) -> Int { offsets[k + 1] - offsets[k] }

    /// Whether the flag says stop, looked at before bucket `k` once per 16,384 buckets and once for each
    /// bucket that reaches into a new block of 16,384 values: loops over many small buckets look as
    /// often as loops over one big one.
    func shouldStop(before k: Int) -> Bool {
        (k & 0x3FFF == 0 || offsets[k] >> 14 != offsets[k + 1] >> 14) && cancellation.isCancelled
    }

    /// NaN when cancelled.
    func sum(_ k: Int) -> Double {
        var s = 0.0
        for i in offsets[k]..<offsets[k + 1] {
            if cancellation.shouldStop(i) { return .nan }
            s += values[i]
        }
        return s
    }

    /// The bucket's distinct tags (tags must be below `tagLimit`); `marks` is scratch shared across calls.
    /// Partial when cancelled.
    func distinctTags(_ k: Int, marks: inout [Int32]) -> Int {
        var n = 0
        let stamp = Int32(k)
        for i in offsets[k]..<offsets[k + 1] {
            if cancellation.shouldStop(i) { break }
            let t = Int(tags[i])
            if marks[t] != stamp {
                marks[t] = stamp
                n += 1
            }
        }
        return n
    }

    /// Continuous quantile (linear interpolation between the nearest ranks, like DuckDB's quantile_cont);
    /// NaN for an empty bucket, or when cancelled. Reorders the bucket's values.
    mutating func quantile(_ k: Int, _ q: Double) -> Double {
        let lo = offsets[k]
        let n = offsets[k + 1] - offsets[k]
        if n == 0 { return .nan }
        let pos = q * Double(n - 1)
        let below = Int(pos.rounded(.down))
        let cancellation = self.cancellation
        return values.withUnsafeMutableBufferPointer { buffer in
            let a = UnsafeMutableBufferPointer(rebasing: buffer[lo..<(lo + n)])
            guard Self.select(a, below, cancellation: cancellation) else { return .nan }
            let x = a[below]
            let fraction = pos - Double(below)
            if fraction == 0 || below + 1 >= n { return x }
            var next = a[below + 1]
            for i in (below + 1)..<n {
                if cancellation.shouldStop(lo + i) { return .nan }
                if a[i] < next { next = a[i] }
            }
            return x + (next - x) * fraction
        }
    }

    /// Every bucket's quantile `q` (NaN for an empty one); partial when cancelled.
    mutating func quantiles(_ q: Double) -> [Double] {
        var out = [Double](repeating: .nan, count: bucketCount)
        for k in 0..<bucketCount {
            if shouldStop(before: k) { break }
            out[k] = quantile(k, q)
        }
        return out
    }

    /// Moves the k-th smallest value to index k, smaller ones before it and larger ones after (quickselect).
    /// False when cancelled: the flag is looked at before each partition of 16,384 values or more and every
    /// 16,384 swaps within one (a partition of millions of values is one pass).
    @discardableResult
    static func select(
        _ a: UnsafeMutableBufferPointer<Double>, _ k: Int, cancellation: CancellationFlag = CancellationFlag()
    ) -> Bool {
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
}

/// Per-group deal counts and won-deal measures, computed in one pass over typed columns: the inputs of
/// winrate, cycle, dealsize, velocity and compare.
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
    var medianWonValue: [Double] = []
    var medianCycle: [Double] = []

    /// Which inputs to read.
    struct Columns: Sendable {
        var outcome: OutcomeSource
        var value: Int?
        var created: Int?
        var closeDate: Int?

        /// The columns a verb needs, each required (with the "what is missing" diagnostic) when asked for:
        /// `value` for deal sizes, `cycle` for created and close_date.
        static func required(_ input: VerbBindingInput, value: Bool, cycle: Bool) throws(Diagnostic) -> Columns {
            var columns = Columns(outcome: try VerbSupport.outcomeSource(input))
            if value {
                columns.value = try VerbSupport.require(
                    .value, input, for: "each deal's value", types: [.int, .double])
            }
            if cycle {
                columns.created = try VerbSupport.require(
                    .created, input, for: "when each deal was created", types: [.date, .timestamp])
                columns.closeDate = try VerbSupport.require(
                    .closeDate, input, for: "each deal's close date", types: [.date, .timestamp])
            }
            return columns
        }
    }

    /// - Parameter cancellation: looked at every 16,384 rows of each pass (10M deals: three passes of ~0.1 s);
    ///   when it trips, the cancel diagnostic is thrown. Row-sized arrays are made only for the medians (each
    ///   is tens of MB to fill at 10M deals, between looks).
    init(
        _ input: Relation, _ columns: Columns, groups g: VerbGroups, medians: Bool, cancellation flag: CancellationFlag
    ) throws(Diagnostic) {
        groups = g.count
        let n = input.count
        let outcome = columns.outcome.codes(input)
        let gids = g.ids
        // Each pass looks at Ctrl-C per block of 16,384 rows and not inside one, so the row loops run as fast as
        // without cancellation.
        var open = [Int64](repeating: 0, count: groups)
        var won = open
        var lost = open
        var counted = false
        open.withUnsafeMutableBufferPointer { o in
            won.withUnsafeMutableBufferPointer { w in
                lost.withUnsafeMutableBufferPointer { l in
                    outcome.withUnsafeBufferPointer { out in
                        gids.withUnsafeBufferPointer { gid in
                            counted = flag.forEachBlock(0..<n) { block in
                                for i in block {
                                    switch out[i] {
                                    case OutcomeSource.open: o[Int(gid[i])] += 1
                                    case OutcomeSource.won: w[Int(gid[i])] += 1
                                    case OutcomeSource.lost: l[Int(gid[i])] += 1
                                    default: break
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard counted else { throw ExecutionContext.cancelled }
        (self.open, self.won, self.lost) = (open, won, lost)
        var wonValueSum = [Double](repeating: 0, count: groups)
        var wonValueCount = [Int64](repeating: 0, count: groups)
        var valueBucket: [Int32] = []
        var values: [Double] = []
        if let v = columns.value {
            let column = VerbSupport.column(input, v)
            values = VerbSupport.doubles(column)
            if medians { valueBucket = [Int32](repeating: -1, count: n) }
            let summed = flag.forEachBlock(0..<n) { block in
                for i in block where outcome[i] == OutcomeSource.won && !column.isNull(i) {
                    let gid = Int(gids[i])
                    wonValueSum[gid] += values[i]
                    wonValueCount[gid] += 1
                    if medians { valueBucket[i] = Int32(gid) }
                }
            }
            guard summed else { throw ExecutionContext.cancelled }
        }
        (self.wonValueSum, self.wonValueCount) = (wonValueSum, wonValueCount)
        var cycleSum = [Double](repeating: 0, count: groups)
        var cycleCount = [Int64](repeating: 0, count: groups)
        var cycleBucket: [Int32] = []
        var cycles: [Double] = []
        if let c = columns.created, let d = columns.closeDate {
            let created = VerbSupport.column(input, c)
            let closed = VerbSupport.column(input, d)
            let a = VerbSupport.Micros(created)
            let b = VerbSupport.Micros(closed)
            let day = Double(CivilTime.microsPerDay)
            if medians {
                cycles = [Double](repeating: 0, count: n)
                cycleBucket = [Int32](repeating: -1, count: n)
            }
            let summed = flag.forEachBlock(0..<n) { block in
                for i in block where outcome[i] == OutcomeSource.won && !created.isNull(i) && !closed.isNull(i) {
                    let gid = Int(gids[i])
                    let days = Double(b[i] - a[i]) / day
                    cycleSum[gid] += days
                    cycleCount[gid] += 1
                    if medians {
                        cycles[i] = days
                        cycleBucket[i] = Int32(gid)
                    }
                }
            }
            guard summed else { throw ExecutionContext.cancelled }
        }
        (self.cycleSum, self.cycleCount) = (cycleSum, cycleCount)
        if medians {
            // One entry per group even when no row qualifies (NaN reads as null).
            medianWonValue = [Double](repeating: .nan, count: groups)
            medianCycle = medianWonValue
            if !valueBucket.isEmpty {
                var buckets = Buckets(values: values, bucket: valueBucket, count: groups, cancellation: flag)
                medianWonValue = buckets.quantiles(0.5)
                if flag.wasCancelled { throw ExecutionContext.cancelled }
            }
            if !cycles.isEmpty {
                var buckets = Buckets(values: cycles, bucket: cycleBucket, count: groups, cancellation: flag)
                medianCycle = buckets.quantiles(0.5)
                if flag.wasCancelled { throw ExecutionContext.cancelled }
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

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
        let range = offsets[k]..<offsets[k + 1]
        let cancellation = self.cancellation
        return values.withUnsafeMutableBufferPointer { buffer in
            Quickselect.quantile(UnsafeMutableBufferPointer(rebasing: buffer[range]), q, cancellation: cancellation)
        } ?? .nan
    }
}

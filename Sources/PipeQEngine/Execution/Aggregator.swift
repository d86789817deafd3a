import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Computes one aggregate per group over typed columns: one pass with per-group accumulators
/// (count, sum, avg, min, max, stddev), bucketing for median/percentiles, sets for count distinct.
struct Aggregator {
    let groups: Groups
    let evaluator: Evaluator
    let rowCount: Int
    /// Rows passing each distinct aggregate filter and their group ids, so `won = count where status = "won",
    /// avg value where status = "won"` scans for "won" once (dealsize's four aggregates share one filter).
    private let filterCache = FilterCache()

    init(groups: Groups, evaluator: Evaluator, rowCount: Int) {
        self.groups = groups
        self.evaluator = evaluator
        self.rowCount = rowCount
    }

    final class FilterCache {
        var selections: [String: (positions: [Int32], gids: [Int32])] = [:]
    }

    /// True every 16,384th row once Ctrl-C was pressed: loops stop early, and the executor, which checks
    /// between aggregates and after each step, discards the partial result.
    @inline(__always)
    func stop(_ i: Int) -> Bool { evaluator.context.cancellation.shouldStop(i) }

    func compute(_ aggregate: BoundAggregate) -> Column {
        var selection: (positions: [Int32], gids: [Int32])? = nil
        if let filter = aggregate.filter {
            let key = String(reflecting: filter)
            if let cached = filterCache.selections[key] {
                selection = cached
            } else {
                let selected = Predicate(evaluator: evaluator).select(filter, .all(rowCount), want: true)
                let ids = groups.ids
                selection = (selected, selected.map { ids[Int($0)] })
                filterCache.selections[key] = selection
            }
        }
        let domain: Domain = selection.map { .rows($0.positions) } ?? .all(rowCount)
        let g = groups.count
        if aggregate.argument == nil && g == 1 {
            return Column(.int([Int64(domain.count)]))  // count of everything: no per-row pass
        }
        let gids = selection?.gids ?? groups.ids
        guard let argument = aggregate.argument else { return Column(.int(counts(gids, nulls: nil))) }
        let values = evaluator.vector(argument, domain).materialized(count: domain.count)
        if aggregate.distinct { return countDistinct(values, gids) }
        switch aggregate.function {
        case .count:
            return Column(.int(counts(gids, nulls: values.nulls)))
        case .sum, .avg, .stddev:
            return moments(aggregate.function, values, gids, resultType: aggregate.resultType)
        case .min, .max:
            return extreme(aggregate.function == .min, values, gids)
        case .median:
            return quantile(0.5, values, gids, resultType: aggregate.resultType)
        case .percentile(let p):
            return quantile(p / 100, values, gids, resultType: aggregate.resultType)
        case .sparkline:
            return monthlyCounts(values, gids)
        case .winrate:
            return winRates(values, gids)
        }
    }

    // MARK: - Win rate

    /// Per group, rows whose outcome (the argument, `outcome(status)`: "open", "won" or "lost") is "won" ÷ rows
    /// that are "won" or "lost"; null for a group with none closed. Each dictionary entry is read once.
    private func winRates(_ values: Column, _ gids: [Int32]) -> Column {
        let g = groups.count
        guard case .string(let codes, let dictionary) = values.values, dictionary.count > 0 else {
            return Column(.double([Double](repeating: 0, count: g)), nulls: NullBitmap.from(count: g) { _ in true })
        }
        // 1 won, 0 lost, -1 neither (or null): per entry, then per row.
        let entry: [Int8] = dictionary.values.map { $0 == "won" ? 1 : $0 == "lost" ? 0 : -1 }
        var perRow = codes.lookup(entry)
        if let nulls = values.nulls { for i in 0..<perRow.count where nulls.isNull(i) { perRow[i] = -1 } }
        // Won rows summed (exactly: counts stay far below 2^53) and closed rows counted, per morsel on all cores.
        let (won, closed) = perRow.withUnsafeBufferPointer { row in
            perMorsel(gids) { range, gv, won, closed in
                for i in range {
                    if stop(i) { break }
                    if row[i] < 0 { continue }
                    let id = Int(gv[i])
                    won[id] += Double(row[i])
                    closed[id] += 1
                }
            }
        }
        let rates = (0..<g).map { closed[$0] > 0 ? won[$0] / Double(closed[$0]) : 0 }
        return Column(.double(rates), nulls: NullBitmap.from(count: g) { closed[$0] == 0 })
    }

    // MARK: - Sum, average, standard deviation

    private func moments(_ function: AggregateFunction, _ values: Column, _ gids: [Int32], resultType: DataType)
        -> Column
    {
        let g = groups.count
        var counts = [Int64](repeating: 0, count: g)
        if function == .sum, case .int(let v) = values.values, resultType == .int {
            var sums = [Int64](repeating: 0, count: g)
            var overflowed = [Bool](repeating: false, count: g)
            for (i, id) in gids.enumerated() where !values.isNull(i) {
                if stop(i) { break }
                let (s, o) = sums[Int(id)].addingReportingOverflow(v[i])
                sums[Int(id)] = s
                overflowed[Int(id)] = overflowed[Int(id)] || o
                counts[Int(id)] += 1
            }
            let nulls = NullBitmap.from(count: g) { counts[$0] == 0 || overflowed[$0] }
            return Column(.int(sums), nulls: nulls)
        }
        if function == .avg, let v = Self.int64s(values), !Self.sumsAreExactInDouble(v) {
            let (averages, counts) = exactAverages(v, values.nulls, gids)
            return Self.column(averages, type: resultType, nulls: NullBitmap.from(count: g) { counts[$0] == 0 })
        }
        let x = Self.doubles(values)
        let valueNulls = values.nulls
        let sums: [Double]
        (sums, counts) = x.withUnsafeBufferPointer { xv in
            perMorsel(gids) { range, gv, sums, counts in
                if valueNulls == nil {
                    for i in range {
                        if stop(i) { break }
                        let id = Int(gv[i])
                        sums[id] += xv[i]
                        counts[id] += 1
                    }
                } else {
                    for i in range where !valueNulls!.isNull(i) {
                        if stop(i) { break }
                        let id = Int(gv[i])
                        sums[id] += xv[i]
                        counts[id] += 1
                    }
                }
            }
        }
        var result = sums
        switch function {
        case .avg:
            for k in 0..<g where counts[k] > 0 { result[k] = sums[k] / Double(counts[k]) }
        case .stddev:
            // Two-pass sample standard deviation (n − 1), as SQL's stddev.
            var squares = [Double](repeating: 0, count: g)
            for (i, id) in gids.enumerated() where !values.isNull(i) {
                if stop(i) { break }
                let d = x[i] - sums[Int(id)] / Double(counts[Int(id)])
                squares[Int(id)] += d * d
            }
            for k in 0..<g { result[k] = counts[k] > 1 ? (squares[k] / Double(counts[k] - 1)).squareRoot() : 0 }
        default: break
        }
        let empty = function == .stddev ? 1 : 0
        let nulls = NullBitmap.from(count: g) { counts[$0] <= empty }
        return Self.column(result, type: resultType, nulls: nulls)
    }

    // MARK: - Morsels

    /// Rows per group (skipping null rows).
    private func counts(_ gids: [Int32], nulls: NullBitmap?) -> [Int64] {
        perMorsel(gids, sums: false) { range, gv, _, counts in
            for i in range where nulls == nil || !nulls!.isNull(i) {
                if stop(i) { break }
                counts[Int(gv[i])] += 1
            }
        }.counts
    }

    /// Per-group sums and counts built by `body` over each morsel of rows (on all cores when there are
    /// several morsels and not too many groups), merged in morsel order: a floating-point sum never
    /// depends on how many threads ran (see `Parallel.morselRows`). Without `sums`, the sums are empty (a
    /// count by 10M names then fills one group-sized table, not two, before its first look at Ctrl-C).
    private func perMorsel(
        _ gids: [Int32], sums wantSums: Bool = true,
        _ body: (
            Range<Int>, UnsafeBufferPointer<Int32>, UnsafeMutableBufferPointer<Double>,
            UnsafeMutableBufferPointer<Int64>
        ) -> Void
    ) -> (sums: [Double], counts: [Int64]) {
        let n = gids.count
        let g = groups.count
        let morsels = Parallel.morselCount(rows: n)
        var sums = [Double].filled(with: 0, count: wantSums ? g : 0)
        var counts = [Int64].filled(with: 0, count: g)
        gids.withUnsafeBufferPointer { gv in
            guard morsels >= 2, g <= 1 << 16 else {
                sums.withUnsafeMutableBufferPointer { s in
                    counts.withUnsafeMutableBufferPointer { c in body(0..<n, gv, s, c) }
                }
                return
            }
            let sg = wantSums ? g : 0
            var partialSums = [Double](repeating: 0, count: morsels * sg)
            var partialCounts = [Int64](repeating: 0, count: morsels * g)
            partialSums.withUnsafeMutableBufferPointer { ps in
                partialCounts.withUnsafeMutableBufferPointer { pc in
                    Parallel.forEach(morsels) { m in
                        body(
                            Parallel.morsel(m, rows: n), gv,
                            UnsafeMutableBufferPointer(rebasing: ps[(m * sg)..<((m + 1) * sg)]),
                            UnsafeMutableBufferPointer(rebasing: pc[(m * g)..<((m + 1) * g)]))
                    }
                }
            }
            for m in 0..<morsels {
                for k in 0..<sg { sums[k] += partialSums[m * g + k] }
                for k in 0..<g { counts[k] += partialCounts[m * g + k] }
            }
        }
        return (sums, counts)
    }

    // MARK: - Min and max

    private func extreme(_ isMin: Bool, _ values: Column, _ gids: [Int32]) -> Column {
        let g = groups.count
        var best = [Int32](repeating: -1, count: g)  // offset of the best row so far
        func scan<T: Comparable>(_ v: [T]) {
            for (i, id) in gids.enumerated() where !values.isNull(i) {
                if stop(i) { break }
                let b = best[Int(id)]
                if b < 0 || (isMin ? v[i] < v[Int(b)] : v[i] > v[Int(b)]) { best[Int(id)] = Int32(i) }
            }
        }
        switch values.values {
        case .int(let v), .timestamp(let v), .duration(let v): scan(v)
        case .double(let v): scan(v)
        case .date(let v): scan(v)
        case .bool(let v): scan(v.map { $0 ? 1 : 0 })
        case .string(let codes, let dict): scan(codes.map { dict.ranks[Int($0)] })
        }
        let rows = best.map { max(0, $0) }
        var out = values.count == 0 ? Vector.broadcast(.null, type: values.type, count: g) : values.gathered(rows)
        let missing = NullBitmap.from(count: g) { best[$0] < 0 }
        out = Column(out.values, nulls: NullBitmap.union(out.nulls, missing, count: g))
        return out
    }

    // MARK: - Median and percentiles

    /// Continuous quantile (linear interpolation between the two nearest ranks, as DuckDB's quantile_cont).
    private func quantile(_ q: Double, _ values: Column, _ gids: [Int32], resultType: DataType) -> Column {
        let g = groups.count
        let x = Self.doubles(values)
        var counts = [Int](repeating: 0, count: g + 1)
        for (i, id) in gids.enumerated() {
            if stop(i) { break }
            if !values.isNull(i) { counts[Int(id) + 1] += 1 }
        }
        for k in 0..<g { counts[k + 1] += counts[k] }
        var fill = counts
        var bucket = [Double](repeating: 0, count: counts[g])
        for (i, id) in gids.enumerated() {
            if stop(i) { break }
            guard !values.isNull(i) else { continue }
            bucket[fill[Int(id)]] = x[i]
            fill[Int(id)] += 1
        }
        var result = [Double](repeating: 0, count: g)
        let cancellation = evaluator.context.cancellation
        bucket.withUnsafeMutableBufferPointer { values in
            for k in 0..<g where counts[k + 1] > counts[k] {
                // One group can hold every row: a selection that looks at Ctrl-C (the executor discards a partial result).
                let segment = UnsafeMutableBufferPointer(rebasing: values[counts[k]..<counts[k + 1]])
                guard let value = Quickselect.quantile(segment, q, cancellation: cancellation) else { break }
                result[k] = value
            }
        }
        let nulls = NullBitmap.from(count: g) { counts[$0 + 1] == counts[$0] }
        return Self.column(result, type: resultType, nulls: nulls)
    }

    // MARK: - Count distinct

    private func countDistinct(_ values: Column, _ gids: [Int32]) -> Column {
        let g = groups.count
        let cancellation = evaluator.context.cancellation
        // after Ctrl-C; the executor discards it
        func partial() -> Column { Column(.int([Int64](repeating: 0, count: g))) }
        var textCodes: DictionaryCodes?
        if case .string = values.values {
            // The first distinct count over strings loaded without deduplication hashes them all: cancellable.
            do { try cancellation.deduplicate(values) } catch { return partial() }
            textCodes = values.values.distinctStrings!.codes
            // Codes straight into the bitmap, in their own width: no 80 MB copy of 10M codes as Int64.
            let counts: [Int64]?
            switch textCodes! {
            case .u8(let c): counts = distinctByBitmap(c, values.nulls, gids, groups: g)
            case .u16(let c): counts = distinctByBitmap(c, values.nulls, gids, groups: g)
            case .u32(let c): counts = distinctByBitmap(c, values.nulls, gids, groups: g)
            }
            if let counts { return Column(.int(counts)) }
        }
        // Other keys as integers, converted in watched blocks (10M of them are 80 MB of fresh memory: tens of
        // milliseconds between two looks at Ctrl-C).
        let converted: [Int64]?
        switch values.values {
        case .int(let v), .timestamp(let v), .duration(let v): converted = v
        case .double(let v): converted = cancellation.map(v) { Int64(bitPattern: ($0 == 0 ? 0 : $0).bitPattern) }
        case .date(let v): converted = cancellation.map(v) { Int64($0) }
        case .bool(let v): converted = cancellation.map(v) { $0 ? 1 : 0 }
        case .string: converted = cancellation.map(textCodes!) { Int64($0) }  // too many groups for a bitmap
        }
        guard let keys = converted else { return partial() }
        if textCodes == nil, let counts = distinctByBitmap(keys, values.nulls, gids, groups: g) {
            return Column(.int(counts))
        }
        var sets = [Set<Int64>](repeating: [], count: g)
        for (i, id) in gids.enumerated() where !values.isNull(i) {
            if stop(i) { break }  // partial; the executor discards it
            sets[Int(id)].insert(keys[i])
        }
        return Column(.int(sets.map { Int64($0.count) }))
    }

    /// Distinct values per group with one bit per (group, value) when the values span a bounded range
    /// (ids, dates, dictionary codes): one linear pass, no hashing. Nil when the range is too wide.
    private func distinctByBitmap<K: FixedWidthInteger>(
        _ keys: [K], _ nulls: NullBitmap?, _ gids: [Int32], groups g: Int
    ) -> [Int64]? {
        guard let (low, high) = nonNullRange(keys, nulls: nulls) else { return [Int64](repeating: 0, count: g) }
        let (span, overflow) = Int64(high).subtractingReportingOverflow(Int64(low))
        guard !overflow, span < 1 << 32 else { return nil }
        let range = Int(span) + 1
        let (bits, tooMany) = range.multipliedReportingOverflow(by: g)
        guard !tooMany, bits <= 1 << 30 else { return nil }
        let base = Int64(low)
        var words = [UInt64](repeating: 0, count: (bits + 63) >> 6)
        var counts = [Int64](repeating: 0, count: g)
        words.withUnsafeMutableBufferPointer { w in
            keys.withUnsafeBufferPointer { k in
                gids.withUnsafeBufferPointer { gid in
                    for i in 0..<k.count where nulls == nil || !nulls!.isNull(i) {
                        if stop(i) { break }  // partial; the executor discards it
                        let bit = Int(gid[i]) * range + Int(Int64(k[i]) &- base)
                        let mask: UInt64 = 1 << UInt64(bit & 63)
                        let seen = w[bit >> 6] & mask != 0
                        w[bit >> 6] |= mask
                        counts[Int(gid[i])] += seen ? 0 : 1
                    }
                }
            }
        }
        return counts
    }

    // MARK: - Helpers

    static func doubles(_ c: Column) -> [Double] {
        switch c.values {
        case .int(let v), .duration(let v), .timestamp(let v): return v.map { Double($0) }
        case .double(let v): return v
        case .date(let v): return v.map { Double($0) }
        default: return [Double](repeating: 0, count: c.count)
        }
    }

    static func column(_ values: [Double], type: DataType, nulls: NullBitmap?) -> Column {
        switch type {
        case .duration: return Column(.duration(values.map { $0.isFinite ? Int64($0.rounded()) : 0 }), nulls: nulls)
        case .int: return Column(.int(values.map { $0.isFinite ? Int64($0.rounded()) : 0 }), nulls: nulls)
        default: return Column(.double(values), nulls: nulls)
        }
    }
}

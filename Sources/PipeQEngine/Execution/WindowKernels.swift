import PipeQCore
import PipeQStorage

/// The window functions' loops: each walks every partition's rows (positions in input order) once, reading and
/// writing typed arrays indexed by row position.
struct WindowKernels {
    let partitions: WindowPartitions
    let rowCount: Int

    /// 1, 2, 3, … within each partition.
    func rowNumbers() -> Column {
        var out = [Int64](repeating: 0, count: rowCount)
        partitions.forEach { rows in
            var k: Int64 = 0
            for r in rows {
                k += 1
                out[Int(r)] = k
            }
        }
        return Column(.int(out))
    }

    /// Rows so far in the partition, this one included; with a column, only its non-null rows.
    func runningCount(_ column: Column?) -> Column {
        guard let nulls = column?.nulls else { return rowNumbers() }
        var out = [Int64](repeating: 0, count: rowCount)
        partitions.forEach { rows in
            var k: Int64 = 0
            for r in rows {
                if !nulls.isNull(Int(r)) { k += 1 }
                out[Int(r)] = k
            }
        }
        return Column(.int(out))
    }

    /// Running (or whole-partition) sums, skipping nulls; null where no value has been summed. Integers and
    /// durations sum exactly as integers; an overflow is null from there on (the whole partition for a total), as
    /// `sum` gives null for a group that overflows.
    func sums(_ column: Column, running: Bool) -> Column {
        let exact: (Int64, Int64) -> (Int64, Bool) = { a, b in
            let (s, o) = a.addingReportingOverflow(b)
            return (s, o)
        }
        switch column.values {
        case .int(let v):
            let (values, nulls) = sum(v, column.nulls, running: running, zero: 0, exact)
            return Column(.int(values), nulls: nulls)
        case .duration(let v):
            let (values, nulls) = sum(v, column.nulls, running: running, zero: 0, exact)
            return Column(.duration(values), nulls: nulls)
        case .double(let v):
            let (values, nulls) = sum(v, column.nulls, running: running, zero: 0.0) { ($0 + $1, false) }
            return Column(.double(values), nulls: nulls)
        default: preconditionFailure("the binder allows sums of numbers and durations only")
        }
    }

    private func sum<T>(_ v: [T], _ nulls: NullBitmap?, running: Bool, zero: T, _ add: (T, T) -> (T, Bool)) -> (
        values: [T], nulls: NullBitmap?
    ) {
        var out = [T](repeating: zero, count: rowCount)
        var outNulls = NullBitmap(count: rowCount)
        partitions.forEach { rows in
            var total = zero
            var seen = false
            var overflowed = false
            if running {
                // Rows before the partition's first value are null; a later null row carries the sum so far.
                for row in rows {
                    let r = Int(row)
                    if !overflowed, !(nulls?.isNull(r) ?? false) {
                        let (next, o) = add(total, v[r])
                        total = next
                        overflowed = o
                        seen = true
                    }
                    if seen, !overflowed { out[r] = total } else { outNulls.setNull(r) }
                }
            } else {
                for r in rows where !overflowed && !(nulls?.isNull(Int(r)) ?? false) {
                    let (next, o) = add(total, v[Int(r)])
                    total = next
                    overflowed = o
                    seen = true
                }
                for r in rows {
                    if seen, !overflowed { out[Int(r)] = total } else { outNulls.setNull(Int(r)) }
                }
            }
        }
        return (out, outNulls)
    }

    /// Each row's value from `offset` rows later (negative: earlier) in its partition; null past either end.
    func shifted(_ column: Column, by offset: Int) -> Column {
        var source = [Int32](repeating: 0, count: rowCount)
        var missing = NullBitmap(count: rowCount)
        partitions.forEach { rows in
            let base = rows.startIndex
            for j in rows.indices {
                let k = j + offset
                if k >= base, k < rows.endIndex {
                    source[Int(rows[j])] = rows[k]
                } else {
                    missing.setNull(Int(rows[j]))
                }
            }
        }
        return Self.withNulls(column.gathered(source), missing)
    }

    /// The column with the rows `missing` marks null as well.
    static func withNulls(_ column: Column, _ missing: NullBitmap) -> Column {
        guard missing.hasNulls else { return column }
        var nulls = column.nulls ?? NullBitmap(count: missing.count)
        for w in nulls.words.indices { nulls.words[w] |= missing.words[w] }
        return Column(column.values, nulls: nulls)
    }

    /// Each row's value from the row of its partition whose period (`key`, a date) is `steps` periods earlier;
    /// null when there is none (a gap, or the series' start) or the key is null. A repeated period: its first row.
    func periodsBack(_ column: Column, key: Column, unit: PeriodUnit, steps: Int) -> Column {
        guard case .date(let days) = key.values else { preconditionFailure("the binder allows date periods only") }
        var source = [Int32](repeating: 0, count: rowCount)
        var missing = NullBitmap(count: rowCount)
        partitions.forEach { rows in
            var rowOfPeriod: [Int: Int32] = [:]
            for r in rows where !key.isNull(Int(r)) {
                rowOfPeriod[unit.index(days[Int(r)])] = rowOfPeriod[unit.index(days[Int(r)])] ?? r
            }
            for r in rows {
                if !key.isNull(Int(r)), let back = rowOfPeriod[unit.index(days[Int(r)]) - steps] {
                    source[Int(r)] = back
                } else {
                    missing.setNull(Int(r))
                }
            }
        }
        return Self.withNulls(column.gathered(source), missing)
    }

    /// The average of the non-null values among this row and the `width − 1` before it in the partition.
    func movingAverage(_ column: Column, width: Int) -> Column {
        let v = Self.doubles(column)
        let nulls = column.nulls
        var out = [Double](repeating: 0, count: rowCount)
        var outNulls = NullBitmap(count: rowCount)
        partitions.forEach { rows in
            var sum = 0.0
            var count = 0
            let base = rows.startIndex
            for j in rows.indices {
                let r = Int(rows[j])
                if !(nulls?.isNull(r) ?? false) {
                    sum += v[r]
                    count += 1
                }
                if j - width >= base {
                    let gone = Int(rows[j - width])
                    if !(nulls?.isNull(gone) ?? false) {
                        sum -= v[gone]
                        count -= 1
                    }
                }
                if count > 0 { out[r] = sum / Double(count) } else { outNulls.setNull(r) }
            }
        }
        return Column(.double(out), nulls: outNulls)
    }

    /// x / previous x − 1; null for a partition's first row and where either value is null or the previous is 0.
    func percentChange(_ column: Column) -> Column {
        let v = Self.doubles(column)
        let nulls = column.nulls
        var out = [Double](repeating: 0, count: rowCount)
        var outNulls = NullBitmap(count: rowCount)
        partitions.forEach { rows in
            var previous: Int?
            for row in rows {
                let r = Int(row)
                if let p = previous, !(nulls?.isNull(p) ?? false), !(nulls?.isNull(r) ?? false), v[p] != 0 {
                    out[r] = v[r] / v[p] - 1
                } else {
                    outNulls.setNull(r)
                }
                previous = r
            }
        }
        return Column(.double(out), nulls: outNulls)
    }

    /// A numeric column's values as doubles (null slots hold 0).
    static func doubles(_ column: Column) -> [Double] {
        switch column.values {
        case .double(let v): return v
        case .int(let v): return v.map { Double($0) }
        default: preconditionFailure("the binder allows numbers only")
        }
    }
}

import PipeQCore
import PipeQStorage

/// Runs a `FillNode` over whole columns: one grouping pass for the combinations, one for the buckets' domain
/// slots, a counting sort of the rows into (combination, slot) cells, then one gather per column (the added rows
/// read a key's representative row, the domain value, or the measure's 0/null).
struct FillOperator {
    let node: FillNode
    let context: ExecutionContext

    func run(_ input: Relation) throws(Diagnostic) -> Relation {
        let n = input.count
        let keyColumns = node.keys.map { input.fields[$0].materialized().withDistinctStrings }
        let series =
            node.keys.isEmpty
            ? Groups.single(rowCount: n)
            : try Groups.build(keys: keyColumns, rowCount: n, cancellation: context.cancellation)
        let seriesCount = node.keys.isEmpty || n > 0 ? series.count : 0
        let bucketColumn = input.fields[node.bucket].materialized()
        let (slots, domain) = try self.slots(bucketColumn)
        try context.checkCancelled()
        let width = domain.count + 1  // the last slot of a combination holds its null-bucket rows
        // Counting sort of the rows into cells, keeping input order within a cell.
        var starts = [Int](repeating: 0, count: seriesCount * width + 1)
        for i in 0..<n {
            starts[Int(series.ids[i]) * width + (slots[i] < 0 ? domain.count : Int(slots[i])) + 1] += 1
        }
        for c in 1..<starts.count { starts[c] += starts[c - 1] }
        var next = starts
        var ordered = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            if context.cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
            let c = Int(series.ids[i]) * width + (slots[i] < 0 ? domain.count : Int(slots[i]))
            ordered[next[c]] = Int32(i)
            next[c] += 1
        }
        // Each output row: the input row it is (≥ 0), or −1 for an added one of `addedSeries`/`addedSlot`.
        var source: [Int32] = []
        var keyRow: [Int32] = []
        var bucketRow: [Int32] = []
        for s in 0..<seriesCount {
            try context.checkCancelled()
            for k in 0..<width {
                let c = s * width + k
                if starts[c] < starts[c + 1] {
                    for r in ordered[starts[c]..<starts[c + 1]] {
                        source.append(r)
                        keyRow.append(r)
                        bucketRow.append(r)
                    }
                } else if k < domain.count {
                    source.append(Int32(n))
                    keyRow.append(series.representatives[s])
                    bucketRow.append(Int32(n + k))
                }
            }
        }
        var fields: [RelationField] = []
        for (f, field) in input.fields.enumerated() {
            try context.checkCancelled()
            let column: Column
            if node.keys.contains(f) {
                column = field.materialized().gathered(keyRow)
            } else if f == node.bucket {
                column = ColumnConcatenation.concatenated(
                    [(bucketColumn, n), (domain, domain.count)], type: field.type
                ).gathered(bucketRow)
            } else {
                let filler: Scalar
                switch field.type {
                case .int: filler = .int(0)
                case .double: filler = .double(0)
                case .duration: filler = .duration(0)
                default: filler = .null
                }
                column = ColumnConcatenation.concatenated(
                    [(field.materialized(), n), (Vector.constant(filler, field.type).materialized(count: 1), 1)],
                    type: field.type
                ).gathered(source)
            }
            fields.append(RelationField(name: field.name, info: field.info, column: column))
        }
        return Relation(fields: fields, count: source.count)
    }

    /// Each row's slot in the domain (−1 for a null bucket) and the domain's values as a column.
    private func slots(_ bucket: Column) throws(Diagnostic) -> ([Int32], Column) {
        let n = bucket.count
        switch node.domain {
        case .periods(let unit):
            let days: [Int32]
            switch bucket.values {
            case .date(let v): days = v
            case .timestamp(let v): days = v.map { Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay)) }
            default: days = [Int32](repeating: 0, count: n)
            }
            var index = [Int](repeating: 0, count: n)
            var lo = Int.max
            var hi = Int.min
            for i in 0..<n where !bucket.isNull(i) {
                if context.cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
                index[i] = unit.index(days[i])
                lo = min(lo, index[i])
                hi = max(hi, index[i])
            }
            let count = lo <= hi ? hi - lo + 1 : 0
            let slots = (0..<n).map { bucket.isNull($0) ? Int32(-1) : Int32(index[$0] - lo) }
            let starts = Column(.date((0..<count).map { unit.start(lo + $0) }))
            return (slots, bucket.type == .date ? starts : Self.column(starts, as: bucket.type))
        case .values(let listed):
            let distinct = try Groups.build(
                keys: [bucket.withDistinctStrings], rowCount: n, cancellation: context.cancellation)
            var values = listed
            var slotOfGroup = [Int32](repeating: -1, count: n == 0 ? 0 : distinct.count)
            for g in slotOfGroup.indices {
                let value = bucket.value(at: Int(distinct.representatives[g]))
                if value.isNull { continue }
                if let k = values.firstIndex(of: value) {
                    slotOfGroup[g] = Int32(k)
                } else {
                    slotOfGroup[g] = Int32(values.count)
                    values.append(value)
                }
            }
            let column = ColumnConcatenation.concatenated(
                values.map { (Vector.constant($0, bucket.type).materialized(count: 1), 1) }, type: bucket.type)
            return (distinct.ids.map { slotOfGroup[Int($0)] }, column)
        }
    }

    /// Period starts (dates) as the bucket's type (a datetime at midnight).
    private static func column(_ dates: Column, as type: DataType) -> Column {
        guard type == .timestamp, case .date(let v) = dates.values else { return dates }
        return Column(.timestamp(v.map { Int64($0) &* CivilTime.microsPerDay }))
    }
}

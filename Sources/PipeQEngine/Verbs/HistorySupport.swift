import PipeQCore
import PipeQStorage

/// The stage-history table's role columns, as the history verbs (funnel, stagetime, stalled) read them. Bound
/// against the catalog's table; the rows come from `plan` (the table, or its state on an `asof` day), which the
/// verb lists as a side input and gets back at execution (`reading`).
struct HistoryColumns: @unchecked Sendable {
    let table: Table
    var plan: LogicalPlan
    let dealId: Int
    let stage: Int
    let enteredAt: Int?
    let exitedAt: Int?
    // A deal's close date and amount over time are read through `TermsSource`, which falls back to this table.

    /// Columns of `table`, read from `plan` (the table itself when not given).
    init(
        table: Table, plan: LogicalPlan? = nil, dealId: Int, stage: Int, enteredAt: Int?, exitedAt: Int?
    ) {
        self.table = table
        self.plan = plan ?? .scan(TableScan(table: table))
        self.dealId = dealId
        self.stage = stage
        self.enteredAt = enteredAt
        self.exitedAt = exitedAt
    }

    /// The catalog's history table, when it has deal_id and stage columns (and entered_at when asked).
    static func find(_ catalog: Catalog, needTimes: Bool) -> HistoryColumns? {
        guard let table = catalog.table(role: .history),
            let dealId = table.fieldIndex(role: .dealId),
            let stage = table.fieldIndex(role: .stage), table.fields[stage].type == .string
        else { return nil }
        let entered = table.fieldIndex(role: .enteredAt).flatMap { table.fields[$0].type.isTemporal ? $0 : nil }
        let exited = table.fieldIndex(role: .exitedAt).flatMap { table.fields[$0].type.isTemporal ? $0 : nil }
        if needTimes && entered == nil { return nil }
        return HistoryColumns(
            table: table, dealId: dealId, stage: stage, enteredAt: entered, exitedAt: exited)
    }

    /// The history table a verb reads, scanned as of the query's day when it has one.
    static func find(_ input: VerbBindingInput, needTimes: Bool) -> HistoryColumns? {
        guard var found = find(input.catalog, needTimes: needTimes) else { return nil }
        found.plan = input.scan(found.table)
        return found
    }

    /// The same columns over the rows the executor produced for `plan` (same schema, possibly other rows).
    func reading(_ rows: Relation) -> HistoryColumns {
        let fields = rows.fields.map { Field($0.info, $0.materialized()) }
        let read = Table(
            name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role, derived: table.derived)
        return HistoryColumns(
            table: read, plan: plan, dealId: dealId, stage: stage, enteredAt: enteredAt, exitedAt: exitedAt)
    }

    /// Columns of a history-shaped input relation (`history | stagetime`).
    static func inInput(_ schema: RelationSchema) -> (dealId: Int, stage: Int, entered: Int, exited: Int?)? {
        guard let d = schema.index(role: .dealId), let s = schema.index(role: .stage), schema.fields[s].type == .string,
            let e = schema.index(role: .enteredAt), schema.fields[e].type.isTemporal
        else { return nil }
        let x = schema.index(role: .exitedAt, types: [.date, .timestamp])
        return (d, s, e, x)
    }

    func column(_ i: Int) -> Column { table.fields[i].column }

    static let missingHint =
        "put a history CSV (deal_id, stage, entered_at, exited_at) beside the deals, "
        + "or map its columns in pipeline.toml: [roles] \"history.deal_id\" = \"COLUMN\""
}

/// Deal ids → dense numbers, for joining history rows to deals without boxing values.
///
/// The cancellable forms look at the flag every 16,384 rows of each pass (38M history rows against 10M deals
/// take ~0.3 s) and give nil when it trips.
enum DealKeys {
    /// For each row of `keys` (history deal_id), the position in `ids` (the input deals' id column) of the
    /// deal with that id, or -1. The first deal wins when ids repeat.
    static func positions(of keys: Column, in ids: Column) -> [Int32] {
        positions(of: keys, in: ids, cancellation: CancellationFlag())!
    }

    static func positions(of keys: Column, in ids: Column, cancellation: CancellationFlag) -> [Int32]? {
        do { try cancellation.deduplicate(ids) } catch { return nil }
        let ids = ids.withDistinctStrings  // one code per id, so the first deal with an id is found
        switch (keys.values, ids.values) {
        case (.int(let k), .int(let v)):
            return intPositions(k, keys.nulls, v, ids.nulls, cancellation)
        case (.string(let kc, let kd), .string(let vc, let vd)):
            var index: [String: Int32] = [:]
            index.reserveCapacity(vc.count)
            var codeSeen = [Int32](repeating: -1, count: vd.count)
            for i in 0..<vc.count {
                if cancellation.shouldStop(i) { return nil }
                let c = vc[i]
                guard !ids.isNull(i) && codeSeen[Int(c)] < 0 else { continue }
                codeSeen[Int(c)] = Int32(i)
                index[vd.string(Int(c))] = Int32(i)
            }
            var table = [Int32](repeating: -1, count: kd.count)
            for j in 0..<kd.count {
                if cancellation.shouldStop(j) { return nil }
                table[j] = index[kd.string(j)] ?? -1
            }
            guard var out = cancellation.lookup(kc, table) else { return nil }
            keys.nulls?.forEachNull { out[$0] = -1 }
            return out
        default:
            // Mixed types: compare as text.
            return positions(of: asText(keys), in: asText(ids), cancellation: cancellation)
        }
    }

    /// Dense numbers 0..<count for a key column (nulls → -1): dictionary codes, or ranks of integers.
    static func dense(_ keys: Column, cancellation: CancellationFlag) -> (ids: [Int32], count: Int)? {
        do { try cancellation.deduplicate(keys) } catch { return nil }
        let keys = keys.withDistinctStrings  // equal strings, equal numbers
        let nulls = keys.nulls
        switch keys.values {
        case .string(let codes, let dict):
            guard var ids = cancellation.lookup(codes, (0..<Int32(dict.count)).map { $0 }) else { return nil }
            nulls?.forEachNull { ids[$0] = -1 }
            return (ids, dict.count)
        case .int(let v):
            guard let (lo, hi) = range(v, nulls), hi - lo < Int64(4 * v.count + 1024) else {
                var index: [Int64: Int32] = [:]
                var ids = [Int32](repeating: -1, count: v.count)
                for i in 0..<v.count {
                    if cancellation.shouldStop(i) { return nil }
                    if nulls?.isNull(i) ?? false { continue }
                    if let d = index[v[i]] {
                        ids[i] = d
                        continue
                    }
                    let d = Int32(index.count)
                    index[v[i]] = d
                    ids[i] = d
                }
                return (ids, index.count)
            }
            // A null row's value slot holds 0, which may lie outside the range.
            guard
                let ids = cancellation.array(count: v.count, { (nulls?.isNull($0) ?? false) ? -1 : Int32(v[$0] - lo) })
            else { return nil }
            return (ids, Int(hi - lo + 1))
        default:
            return dense(asText(keys), cancellation: cancellation)
        }
    }

    private static func intPositions(
        _ k: [Int64], _ kn: NullBitmap?, _ v: [Int64], _ vn: NullBitmap?,
        _ cancellation: CancellationFlag
    ) -> [Int32]? {
        guard let (lo, hi) = range(v, vn) else { return [Int32](repeating: -1, count: k.count) }
        if hi - lo < Int64(4 * v.count + 1024) {
            // Deal position by id - lo, the first deal winning (filled from the back).
            guard var table = cancellation.array(repeating: Int32(-1), count: Int(hi - lo + 1)) else { return nil }
            var stopped = false
            v.withUnsafeBufferPointer { vp in
                table.withUnsafeMutableBufferPointer { t in
                    for i in stride(from: vp.count - 1, through: 0, by: -1) {
                        if cancellation.shouldStop(i) {
                            stopped = true
                            break
                        }
                        if vn?.isNull(i) ?? false { continue }
                        t[Int(vp[i] - lo)] = Int32(i)
                    }
                }
            }
            if stopped { return nil }
            guard
                var out = table.withUnsafeBufferPointer({ t in
                    cancellation.map(k) { x in x >= lo && x <= hi ? t[Int(x - lo)] : -1 }
                })
            else { return nil }
            kn?.forEachNull { out[$0] = -1 }
            return out
        }
        var index: [Int64: Int32] = [:]
        for i in stride(from: v.count - 1, through: 0, by: -1) where vn.map({ !$0.isNull(i) }) ?? true {
            if cancellation.shouldStop(i) { return nil }
            index[v[i]] = Int32(i)
        }
        var out = [Int32](repeating: -1, count: k.count)
        for i in 0..<k.count {
            if cancellation.shouldStop(i) { return nil }
            if kn?.isNull(i) ?? false { continue }
            out[i] = index[k[i]] ?? -1
        }
        return out
    }

    private static func range(_ v: [Int64], _ nulls: NullBitmap?) -> (Int64, Int64)? {
        var lo = Int64.max
        var hi = Int64.min
        for i in 0..<v.count where nulls.map({ !$0.isNull(i) }) ?? true {
            lo = min(lo, v[i])
            hi = max(hi, v[i])
        }
        return lo <= hi && hi.subtractingReportingOverflow(lo).overflow == false ? (lo, hi) : nil
    }

    private static func asText(_ c: Column) -> Column {
        var builder = StringDictionaryBuilder()
        let codes = (0..<c.count).map { i -> UInt32 in
            switch c.value(at: i) {
            case .null: return builder.code(for: "")
            case .string(let s): return builder.code(for: s)
            case .int(let x): return builder.code(for: String(x))
            case let other: return builder.code(for: "\(other)")
            }
        }
        return Column(.string(codes: codes, builder.build()), nulls: c.nulls)
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Evaluates bound expressions over a relation, a whole domain at a time, into typed vectors.
struct Evaluator {
    let relation: Relation
    let context: ExecutionContext

    /// The expression's values for every position of the domain, in order.
    func vector(_ e: BoundExpr, _ domain: Domain) -> Vector {
        switch e {
        case .column(let i, _):
            return .column(column(i, domain))
        case .constant(let v, let t):
            return .constant(v, t)
        case .negate(let inner):
            return negate(vector(inner, domain), domain.count)
        case .arithmetic(let op, let a, let b, let result):
            return arithmetic(op, vector(a, domain), vector(b, domain), result: result, count: domain.count)
        case .cast(let inner, let type):
            return cast(vector(inner, domain), to: type, count: domain.count)
        case .addMonths(let inner, let months):
            return addMonths(vector(inner, domain), months, count: domain.count)
        case .call(.days, let args, _) where args.count == 1:
            // days(date − date), the usual time in stage: one pass to day counts, not a duration
            // column of microseconds and then a second one of days.
            if case .arithmetic(.subtract, let a, let b, _) = args[0], a.type == .date, b.type == .date {
                let x = vector(a, domain)
                let y = vector(b, domain)
                if case .constant(.null, _) = x { return .constant(.null, .double) }
                if case .constant(.null, _) = y { return .constant(.null, .double) }
                return .column(
                    mapBinary(int32(x), int32(y), count: domain.count, zero: 0.0) { Double(Int64($0) - Int64($1)) })
            }
            return call(.days, args.map { vector($0, domain) }, type: .double, count: domain.count)
        case .call(let function, let args, let type):
            return call(function, args.map { vector($0, domain) }, type: type, count: domain.count)
        case .columnsEqual(let equalities):
            return vector(.conjunction(equalities), domain)
        case .scalarQuery:
            preconditionFailure("the executor puts a let's value in before evaluating (Executor.resolvingScalars)")
        case .nullUnless(let condition, let value):
            let keep = Predicate(evaluator: self).select(condition, domain, want: true)
            let column = vector(value, domain).materialized(count: domain.count)
            return .column(nullingExcept(column, kept: keep, domain: domain))
        case .outcome(let inner, let rule):
            return outcome(vector(inner, domain), rule)
        case .caseWhen(let branches, let otherwise):
            return caseWhen(branches, otherwise: otherwise, domain)
        case .compare, .equalIgnoringCase, .and, .or, .not, .isNull, .inList, .match:
            return .column(booleanColumn(e, domain))
        }
    }

    /// A field's values for the domain (no copy when the domain is everything and the field unindexed).
    func column(_ i: Int, _ domain: Domain) -> Column {
        let field = relation.fields[i]
        guard let rows = domain.physicalRows(field.index) else { return field.column }
        return field.column.gathered(rows)
    }

    /// A condition as a true/false column, null where the condition is unknown.
    func booleanColumn(_ e: BoundExpr, _ domain: Domain) -> Column {
        let predicate = Predicate(evaluator: self)
        let trueRows = domain.offsets(of: predicate.select(e, domain, want: true))
        let falseRows = domain.offsets(of: predicate.select(e, domain, want: false))
        var values = [Bool](repeating: false, count: domain.count)
        var nulls = NullBitmap(count: domain.count)
        for i in 0..<domain.count { nulls.setNull(i) }
        for i in trueRows {
            values[i] = true
            clear(&nulls, i)
        }
        for i in falseRows { clear(&nulls, i) }
        return Column(.bool(values), nulls: nulls)
    }

    private func clear(_ nulls: inout NullBitmap, _ i: Int) {
        nulls.words[i >> 6] &= ~(1 << UInt64(i & 63))
    }

    private func nullingExcept(_ column: Column, kept: [Int32], domain: Domain) -> Column {
        var nulls = NullBitmap(count: domain.count)
        for i in 0..<domain.count { nulls.setNull(i) }
        for i in domain.offsets(of: kept) { clear(&nulls, i) }
        var out = column
        out.nulls = NullBitmap.union(column.nulls, nulls, count: domain.count)
        return Column(out.values, nulls: out.nulls)
    }

    // MARK: - Arithmetic

    private func negate(_ v: Vector, _ count: Int) -> Vector {
        switch v {
        case .constant(let s, let t):
            switch s {
            case .int(let x): return .constant(x == .min ? .null : .int(-x), t)
            case .double(let x): return .constant(.double(-x), t)
            case .duration(let x): return .constant(.duration(-x), t)
            default: return v
            }
        case .column(let c):
            switch c.values {
            case .int(let a): return .column(mapUnary(a, nulls: c.nulls, zero: Int64(0)) { $0 == .min ? nil : -$0 })
            case .duration(let a):
                return .column(
                    mapUnary(a, nulls: c.nulls, zero: Int64(0)) { $0 == .min ? nil : -$0 }.retyped(.duration))
            case .double(let a): return .column(mapUnary(a, nulls: c.nulls, zero: 0.0) { -$0 })
            default: return v
            }
        }
    }

    func arithmetic(_ op: ArithmeticOperator, _ a: Vector, _ b: Vector, result: DataType, count: Int) -> Vector {
        if case .constant(.null, _) = a { return .constant(.null, result) }
        if case .constant(.null, _) = b { return .constant(.null, result) }
        let ta = a.type
        let tb = b.type
        let day = CivilTime.microsPerDay
        switch (ta, tb, result) {
        case (.int, .int, .int):
            let x = int64(a)
            let y = int64(b)
            switch op {
            case .add:
                return .column(
                    mapBinary(x, y, count: count, zero: Int64(0)) {
                        let (r, o) = $0.addingReportingOverflow($1)
                        return o ? nil : r
                    })
            case .subtract:
                return .column(
                    mapBinary(x, y, count: count, zero: Int64(0)) {
                        let (r, o) = $0.subtractingReportingOverflow($1)
                        return o ? nil : r
                    })
            case .multiply:
                return .column(
                    mapBinary(x, y, count: count, zero: Int64(0)) {
                        let (r, o) = $0.multipliedReportingOverflow(by: $1)
                        return o ? nil : r
                    })
            case .divide:
                return arithmetic(
                    op, cast(a, to: .double, count: count), cast(b, to: .double, count: count), result: .double,
                    count: count)
            }
        case (.int, .int, .double):
            return arithmetic(
                op, cast(a, to: .double, count: count), cast(b, to: .double, count: count), result: .double,
                count: count)
        case (.double, .double, .double):
            let x = double(a)
            let y = double(b)
            switch op {
            case .add: return .column(mapBinary(x, y, count: count, zero: 0.0) { $0 + $1 })
            case .subtract: return .column(mapBinary(x, y, count: count, zero: 0.0) { $0 - $1 })
            case .multiply: return .column(mapBinary(x, y, count: count, zero: 0.0) { $0 * $1 })
            case .divide: return .column(mapBinary(x, y, count: count, zero: 0.0) { $1 == 0 ? nil : $0 / $1 })
            }
        case (.date, .date, .duration):
            return .column(
                mapBinary(int32(a), int32(b), count: count, zero: Int64(0)) { (Int64($0) - Int64($1)) * day }.retyped(
                    .duration))
        case (.date, .duration, .date):
            let sign: Int64 = op == .add ? 1 : -1
            var outside = false
            let column = mapBinary(int32(a), int64(b), count: count, zero: Int32(0)) { d, dur -> Int32? in
                let (step, o) = CivilTime.floorDiv(dur, day).multipliedReportingOverflow(by: sign)
                let moved = Int64(d) &+ step
                guard !o, moved >= Self.firstDay && moved <= Self.lastDay else {
                    outside = true
                    return nil
                }
                return Int32(moved)
            }
            if outside { noteOutOfRange() }
            return .column(column)
        case (.timestamp, .duration, .timestamp):
            let x = int64(a)
            let y = int64(b)
            var outside = false
            let out = mapBinary(x, y, count: count, zero: Int64(0)) { t, d -> Int64? in
                let (r, o) = op == .add ? t.addingReportingOverflow(d) : t.subtractingReportingOverflow(d)
                guard !o, r >= CivilTime.firstMicros && r < CivilTime.endMicros else {
                    outside = true
                    return nil
                }
                return r
            }
            if outside { noteOutOfRange() }
            return .column(out.retyped(result))
        case (.timestamp, .timestamp, .duration), (.duration, .duration, .duration):
            let x = int64(a)
            let y = int64(b)
            let out: Column
            if op == .add {
                out = mapBinary(x, y, count: count, zero: Int64(0)) {
                    let (r, o) = $0.addingReportingOverflow($1)
                    return o ? nil : r
                }
            } else {
                out = mapBinary(x, y, count: count, zero: Int64(0)) {
                    let (r, o) = $0.subtractingReportingOverflow($1)
                    return o ? nil : r
                }
            }
            return .column(out.retyped(result))
        case (.duration, .duration, .double):
            return .column(
                mapBinary(int64(a), int64(b), count: count, zero: 0.0) { $1 == 0 ? nil : Double($0) / Double($1) })
        case (.duration, .double, .duration):
            let x = int64(a)
            let y = double(b)
            let out = mapBinary(x, y, count: count, zero: Int64(0)) { d, f -> Int64? in
                let r = op == .multiply ? Double(d) * f : (f == 0 ? .nan : Double(d) / f)
                return r.isFinite && abs(r) < 9.2e18 ? Int64(r.rounded()) : nil
            }
            return .column(out.retyped(.duration))
        default:
            fatalError("unbound arithmetic \(ta) \(op) \(tb) → \(result)")
        }
    }

    func cast(_ v: Vector, to type: DataType, count: Int) -> Vector {
        if v.type == type { return v }
        switch v {
        case .constant(let s, _):
            switch (s, type) {
            case (.null, _): return .constant(.null, type)
            case (.int(let i), .double): return .constant(.double(Double(i)), .double)
            case (.date(let d), .timestamp): return .constant(.timestamp(Int64(d) * CivilTime.microsPerDay), .timestamp)
            default: fatalError("unbound cast of \(s) to \(type)")
            }
        case .column(let c):
            switch (c.values, type) {
            case (.int(let a), .double): return .column(mapUnary(a, nulls: c.nulls, zero: 0.0) { Double($0) })
            case (.date(let a), .timestamp):
                return .column(
                    mapUnary(a, nulls: c.nulls, zero: Int64(0)) { Int64($0) * CivilTime.microsPerDay }.retyped(
                        .timestamp))
            default: fatalError("unbound cast of \(c.type) to \(type)")
            }
        }
    }

    private func addMonths(_ v: Vector, _ months: Int, count: Int) -> Vector {
        var outside = false
        func day(_ d: Int32) -> Int32? {
            let moved = CivilTime.addMonths(months, toDays: Int(d))
            guard Int64(moved) >= Self.firstDay && Int64(moved) <= Self.lastDay else {
                outside = true
                return nil
            }
            return Int32(moved)
        }
        func micros(_ t: Int64) -> Int64? {
            let moved = CivilTime.addMonths(months, toMicros: t)
            guard moved >= CivilTime.firstMicros && moved < CivilTime.endMicros else {
                outside = true
                return nil
            }
            return moved
        }
        let out: Vector
        switch v {
        case .constant(.date(let d), _): out = .constant(day(d).map { .date($0) } ?? .null, .date)
        case .constant(.timestamp(let t), _): out = .constant(micros(t).map { .timestamp($0) } ?? .null, .timestamp)
        case .constant: return v
        case .column(let c):
            switch c.values {
            case .date(let a): out = .column(mapUnary(a, nulls: c.nulls, zero: Int32(0)) { day($0) })
            case .timestamp(let a):
                out = .column(mapUnary(a, nulls: c.nulls, zero: Int64(0)) { micros($0) }.retyped(.timestamp))
            default: return v
            }
        }
        if outside { noteOutOfRange() }
        return out
    }

    /// Day numbers of 0001-01-01 and 9999-12-31: dates pipeq reads and writes (a date outside would print as
    /// 10000-01-01 or 0000-12-31, which no reader takes back).
    static let firstDay = Int64(CivilTime.days(year: 1, month: 1, day: 1))
    static let lastDay = Int64(CivilTime.days(year: 9999, month: 12, day: 31))

    /// Date arithmetic that leaves years 1–9999 gives null (like integer overflow), and the result says why.
    private func noteOutOfRange() {
        context.notes.add(
            "date arithmetic that goes before 0001-01-01 or past 9999-12-31 gives null (pipeq's dates are years 1 to 9999)"
        )
    }

    // MARK: - Operand access

    func int64(_ v: Vector) -> Operand<Int64> {
        switch v {
        case .constant(let s, _):
            switch s {
            case .int(let x), .timestamp(let x), .duration(let x): return Operand(constant: x)
            default: return Operand(constant: 0)
            }
        case .column(let c):
            switch c.values {
            case .int(let a), .timestamp(let a), .duration(let a): return Operand(array: a, nulls: c.nulls)
            default: fatalError("not an Int64 column: \(c.type)")
            }
        }
    }

    func double(_ v: Vector) -> Operand<Double> {
        switch v {
        case .constant(let s, _): return Operand(constant: s.asDouble ?? 0)
        case .column(let c):
            guard case .double(let a) = c.values else { fatalError("not a double column: \(c.type)") }
            return Operand(array: a, nulls: c.nulls)
        }
    }

    func int32(_ v: Vector) -> Operand<Int32> {
        switch v {
        case .constant(.date(let d), _): return Operand(constant: d)
        case .constant: return Operand(constant: 0)
        case .column(let c):
            guard case .date(let a) = c.values else { fatalError("not a date column: \(c.type)") }
            return Operand(array: a, nulls: c.nulls)
        }
    }
}

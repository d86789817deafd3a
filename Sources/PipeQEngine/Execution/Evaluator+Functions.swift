import Foundation
import PipeQCore
import PipeQStorage

extension Evaluator {
    func call(_ function: ScalarFunction, _ args: [Vector], type: DataType, count: Int) -> Vector {
        switch function {
        case .date where args[0].type == .string:
            return conversion(function, args, type: type, count: count)
        case .day, .week, .month, .quarter, .year, .date:
            return periodStart(function, args[0], count: count)
        case .int, .number, .text, .bool, .replace, .trim, .splitPart:
            return conversion(function, args, type: type, count: count)
        case .dayOfWeek, .hour, .monthName, .fiscalQuarter, .fiscalYear:
            return calendar(function, args, type: type, count: count)
        case .ifThen:
            fatalError("if() binds as a case expression")
        case .days, .hours:
            let per = Double(function == .days ? CivilTime.microsPerDay : CivilTime.microsPerHour)
            if case .constant(let s, _) = args[0] {
                if case .duration(let d) = s { return .constant(.double(Double(d) / per), .double) }
                return .constant(.null, .double)
            }
            let x = int64(args[0])
            return .column(mapUnary(x.values, nulls: x.nulls, zero: 0.0) { Double($0) / per })
        case .lower, .upper, .length:
            return stringFunction(function, args[0], count: count)
        case .abs:
            switch args[0] {
            case .constant(.int(let v), let t): return .constant(v == .min ? .null : .int(Swift.abs(v)), t)
            case .constant(.double(let v), let t): return .constant(.double(Swift.abs(v)), t)
            case .constant(.duration(let v), let t): return .constant(v == .min ? .null : .duration(Swift.abs(v)), t)
            case .constant: return args[0]
            case .column(let c):
                switch c.values {
                case .int(let a):
                    return .column(mapUnary(a, nulls: c.nulls, zero: Int64(0)) { $0 == .min ? nil : Swift.abs($0) })
                case .duration(let a):
                    return .column(
                        mapUnary(a, nulls: c.nulls, zero: Int64(0)) { $0 == .min ? nil : Swift.abs($0) }.retyped(
                            .duration))
                case .double(let a): return .column(mapUnary(a, nulls: c.nulls, zero: 0.0) { Swift.abs($0) })
                default: return args[0]
                }
            }
        case .round:
            var digits = 0
            if args.count > 1, case .constant(.int(let d), _) = args[1] { digits = Int(d) }
            let scale = pow(10.0, Double(digits))
            let rounded: (Double) -> Double = { ($0 * scale).rounded(.toNearestOrAwayFromZero) / scale }
            let x = double(args[0])
            if type == .int {
                // round(int) is the int itself.
                return cast(args[0], to: .double, count: count).type == .double && x.mask == 0
                    ? .constant(.int(Int64(rounded(x.values[0]))), .int)
                    : .column(
                        mapUnary(x.values, nulls: x.nulls, zero: Int64(0)) {
                            let r = rounded($0)
                            return Swift.abs(r) < 9.2e18 ? Int64(r) : nil
                        })
            }
            if x.mask == 0, case .constant(.null, _) = args[0] { return .constant(.null, .double) }
            if x.mask == 0 { return .constant(.double(rounded(x.values[0])), .double) }
            return .column(mapUnary(x.values, nulls: x.nulls, zero: 0.0) { rounded($0) })
        case .coalesce:
            return coalesce(args, type: type, count: count)
        }
    }

    private func periodStart(_ function: ScalarFunction, _ v: Vector, count: Int) -> Vector {
        let truncate: (Int32) -> Int32 = { d in
            switch function {
            case .day, .date: return d
            case .week: return d - Int32(CivilTime.weekday(days: Int(d)))
            case .month:
                let (y, m, _) = CivilTime.civil(days: Int(d))
                return Int32(CivilTime.days(year: y, month: m, day: 1))
            case .quarter:
                let (y, m, _) = CivilTime.civil(days: Int(d))
                return Int32(CivilTime.days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1))
            default:
                let (y, _, _) = CivilTime.civil(days: Int(d))
                return Int32(CivilTime.days(year: y, month: 1, day: 1))
            }
        }
        let toDay: (Int64) -> Int32 = { Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay)) }
        switch v {
        case .constant(.date(let d), _): return .constant(.date(truncate(d)), .date)
        case .constant(.timestamp(let t), _): return .constant(.date(truncate(toDay(t))), .date)
        case .constant: return .constant(.null, .date)
        case .column(let c):
            switch c.values {
            case .date(let a):
                // Dates span a few thousand days: truncate each distinct day once, then look rows up.
                if let table = PeriodTable(a, nulls: c.nulls, truncate) {
                    return .column(mapUnary(a, nulls: c.nulls, zero: Int32(0)) { table.lookup($0) })
                }
                return .column(mapUnary(a, nulls: c.nulls, zero: Int32(0)) { truncate($0) })
            case .timestamp(let a):
                let days = a.map { toDay($0) }
                if let table = PeriodTable(days, nulls: c.nulls, truncate) {
                    return .column(mapUnary(days, nulls: c.nulls, zero: Int32(0)) { table.lookup($0) })
                }
                return .column(mapUnary(days, nulls: c.nulls, zero: Int32(0)) { truncate($0) })
            default: return .constant(.null, .date)
            }
        }
    }

    /// String functions run once per dictionary entry, not once per row.
    private func stringFunction(_ function: ScalarFunction, _ v: Vector, count: Int) -> Vector {
        let apply: (String) -> String = function == .lower ? { $0.lowercased() } : { $0.uppercased() }
        switch v {
        case .constant(.string(let s), _):
            return function == .length ? .constant(.int(Int64(s.count)), .int) : .constant(.string(apply(s)), .string)
        case .constant(_, _):
            return .constant(.null, function == .length ? .int : .string)
        case .column(let c):
            guard case .string(let codes, let dict) = c.values else { return v }
            if function == .length {
                let lengths = dict.values.map { Int64($0.count) }
                return .column(Column(.int(codes.lookup(lengths)), nulls: c.nulls))
            }
            return .column(Column(.string(codes, caseMapped(dict, upper: function == .upper)), nulls: c.nulls))
        }
    }

    /// Each entry lower- or upper-cased into one UTF-8 arena, keeping the codes: no String per entry to
    /// make, hash and free (10M distinct names), and equal results are merged only when a step needs
    /// equal codes (`distinctStrings`). ASCII entries are mapped byte by byte. Looks at Ctrl-C every 16,384
    /// entries; a stop leaves the rest empty, a partial column the executor discards.
    private func caseMapped(_ dict: StringDictionary, upper: Bool) -> StringDictionary {
        let (source, sourceOffsets) = dict.utf8Arena()
        var bytes = [UInt8]()
        bytes.reserveCapacity(source.count)
        var offsets = [0]
        offsets.reserveCapacity(dict.count + 1)
        let cancellation = context.cancellation
        let (from, to): (UInt8, UInt8) = upper ? (0x61, 0x7A) : (0x41, 0x5A)
        source.withUnsafeBufferPointer { b in
            for code in 0..<dict.count {
                if cancellation.shouldStop(code) { break }
                let entry = UnsafeBufferPointer(rebasing: b[sourceOffsets[code]..<sourceOffsets[code + 1]])
                if entry.allSatisfy({ $0 < 0x80 }) {
                    for byte in entry { bytes.append(byte >= from && byte <= to ? byte ^ 0x20 : byte) }
                } else {
                    let text = String(decoding: entry, as: UTF8.self)
                    bytes.append(contentsOf: (upper ? text.uppercased() : text.lowercased()).utf8)
                }
                offsets.append(bytes.count)
            }
        }
        while offsets.count < dict.count + 1 { offsets.append(bytes.count) }
        return StringDictionary(utf8: bytes, offsets: offsets, distinct: false)
    }

    private func coalesce(_ args: [Vector], type: DataType, count: Int) -> Vector {
        // Walk left to right filling nulls; a non-null constant ends the walk.
        var result: Column?
        for arg in args {
            if case .constant(.null, _) = arg { continue }
            guard let current = result else {
                if case .constant = arg { return arg }
                result = arg.materialized(count: count)
                if result?.nulls == nil { return .column(result!) }
                continue
            }
            let next = arg.materialized(count: count)
            result = fillNulls(current, from: next)
            if result?.nulls == nil { break }
        }
        return result.map { .column($0) } ?? .constant(.null, type)
    }

    private func fillNulls(_ a: Column, from b: Column) -> Column {
        guard let nulls = a.nulls else { return a }
        var outNulls = NullBitmap(count: a.count)
        var rows: [Int] = []
        for i in 0..<a.count where nulls.isNull(i) { rows.append(i) }
        func merge<T>(_ x: [T], _ y: [T]) -> [T] {
            var out = x
            for i in rows { out[i] = y[i] }
            return out
        }
        for i in rows where b.isNull(i) { outNulls.setNull(i) }
        switch (a.values, b.values) {
        case (.int(let x), .int(let y)): return Column(.int(merge(x, y)), nulls: outNulls)
        case (.double(let x), .double(let y)): return Column(.double(merge(x, y)), nulls: outNulls)
        case (.bool(let x), .bool(let y)): return Column(.bool(merge(x, y)), nulls: outNulls)
        case (.date(let x), .date(let y)): return Column(.date(merge(x, y)), nulls: outNulls)
        case (.timestamp(let x), .timestamp(let y)): return Column(.timestamp(merge(x, y)), nulls: outNulls)
        case (.duration(let x), .duration(let y)): return Column(.duration(merge(x, y)), nulls: outNulls)
        case (.string(let xc, let xd), .string(let yc, let yd)):
            var builder = StringDictionaryBuilder()
            let xr = xd.values.map { builder.code(for: $0) }
            let yr = yd.values.map { builder.code(for: $0) }
            var codes = xc.map { xr[Int($0)] }
            for i in rows { codes[i] = yr[Int(yc[i])] }
            return Column(.string(codes: codes, builder.build()), nulls: outNulls)
        default: return a
        }
    }
}

/// Period starts for a contiguous range of days, so truncating a column costs one load per row.
struct PeriodTable {
    let low: Int32
    let starts: [Int32]

    /// Nil when the column's days span too wide a range for a table (then truncate row by row).
    init?(_ days: [Int32], nulls: NullBitmap?, _ truncate: (Int32) -> Int32) {
        var low = Int32.max
        var high = Int32.min
        days.withUnsafeBufferPointer { d in
            for i in 0..<d.count where nulls == nil || !nulls!.isNull(i) {
                low = min(low, d[i])
                high = max(high, d[i])
            }
        }
        guard low <= high, Int(high) - Int(low) < 1 << 20 else { return nil }
        self.low = low
        self.starts = (low...high).map(truncate)
    }

    /// Total, because kernels also visit the value slots of null rows (which hold 0).
    @inline(__always)
    func lookup(_ day: Int32) -> Int32 {
        let i = Int(day) - Int(low)
        return i >= 0 && i < starts.count ? starts[i] : 0
    }
}

import PipeQCore
import PipeQStorage

/// `dayofweek`, `hour`, `month_name`, `fiscal_quarter`, `fiscal_year`: each distinct day computed once.
extension Evaluator {
    static let weekdayNames = ScalarFunction.dayOfWeek.valueOrder!
    static let monthNames = ScalarFunction.monthName.valueOrder!

    func calendar(_ function: ScalarFunction, _ args: [Vector], type: DataType, count: Int) -> Vector {
        let v = args[0]
        if function == .hour { return hour(v) }
        var fiscal = FiscalCalendar(startMonth: 1)
        if args.count > 1, case .constant(.int(let m), _) = args[1] { fiscal = FiscalCalendar(startMonth: Int(m)) }
        switch function {
        case .dayOfWeek:
            return named(v, Self.weekdayNames, count: count) { CivilTime.weekday(days: Int($0)) }
        case .monthName:
            return named(v, Self.monthNames, count: count) { CivilTime.civil(days: Int($0)).month - 1 }
        case .fiscalYear:
            return days(v, zero: Int64(0)) { Int64(fiscal.year(days: Int($0))) }
        default:
            return days(v, zero: Int32(0)) { Int32(fiscal.quarterStart(days: Int($0))) }
        }
    }

    /// A date or datetime vector as day numbers.
    private func dayNumbers(_ v: Vector) -> Operand<Int32>? {
        let toDay: (Int64) -> Int32 = { Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay)) }
        switch v {
        case .constant(.date(let d), _): return Operand(constant: d)
        case .constant(.timestamp(let t), _): return Operand(constant: toDay(t))
        case .constant: return nil
        case .column(let c):
            switch c.values {
            case .date(let a): return Operand(array: a, nulls: c.nulls)
            case .timestamp(let a): return Operand(array: a.map(toDay), nulls: c.nulls)
            default: return nil
            }
        }
    }

    /// `f` of each day, computed once per distinct day through a `PeriodTable` when the days span a short range.
    private func days<R: Sendable>(_ v: Vector, zero: R, _ f: @escaping (Int32) -> R) -> Vector {
        guard let x = dayNumbers(v) else { return .constant(.null, R.self == Int64.self ? .int : .date) }
        if x.mask == 0 {
            let r = f(x.values[0])
            if let i = r as? Int64 { return .constant(.int(i), .int) }
            return .constant(.date(r as! Int32), .date)
        }
        if R.self == Int32.self, let table = PeriodTable(x.values, nulls: x.nulls, { f($0) as! Int32 }) {
            return .column(mapUnary(x.values, nulls: x.nulls, zero: Int32(0)) { table.lookup($0) })
        }
        return .column(mapUnary(x.values, nulls: x.nulls, zero: zero) { f($0) })
    }

    /// A name per day (weekday, month) as a string column over a fixed dictionary ordered as `names`.
    private func named(_ v: Vector, _ names: [String], count: Int, _ index: (Int32) -> Int) -> Vector {
        guard let x = dayNumbers(v) else { return .constant(.null, .string) }
        if x.mask == 0 { return .constant(.string(names[index(x.values[0])]), .string) }
        let codes = x.values.map { UInt32(index($0)) }
        return .column(Column(.string(codes: codes, StringDictionary(values: names, order: names)), nulls: x.nulls))
    }

    private func hour(_ v: Vector) -> Vector {
        let perHour = CivilTime.microsPerHour
        let perDay = CivilTime.microsPerDay
        let of: (Int64) -> Int64 = { ($0 - CivilTime.floorDiv($0, perDay) * perDay) / perHour }
        switch v {
        case .constant(.timestamp(let t), _): return .constant(.int(of(t)), .int)
        case .constant(.date, _): return .constant(.int(0), .int)
        case .constant: return .constant(.null, .int)
        case .column(let c):
            switch c.values {
            case .timestamp(let a): return .column(mapUnary(a, nulls: c.nulls, zero: Int64(0)) { of($0) })
            case .date(let a): return .column(Column(.int([Int64](repeating: 0, count: a.count)), nulls: c.nulls))
            default: return .constant(.null, .int)
            }
        }
    }
}

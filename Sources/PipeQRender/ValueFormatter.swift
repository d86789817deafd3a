import Foundation
import PipeQCore
import PipeQStorage

/// How single values read: for people (thousands separators, 2 decimals, durations in days) or for machines.
public enum ValueFormatter {
    /// For aligned tables: `1,234`, `1,234.50`, `34d`, `2026-01-15`.
    public static func human(_ value: Scalar) -> String {
        switch value {
        case .null: return "null"
        case .int(let v): return grouped(String(v.magnitude), negative: v < 0)
        case .double(let v): return decimal(v)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilTime.formatDate(Int(d))
        case .timestamp(let t): return CivilTime.formatTimestamp(t)
        case .duration(let d): return duration(d)
        case .string(let s): return s
        }
    }

    /// For CSV and JSON: plain digits, full precision, ISO dates, durations as days (`Scalar.plainText`).
    public static func plain(_ value: Scalar) -> String { value.plainText }

    static func plainDouble(_ v: Double) -> String { Scalar.plainDouble(v) }

    /// Two decimals (or `places`) with thousands separators.
    public static func decimal(_ v: Double, places: Int = 2) -> String {
        if !v.isFinite { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
        let text = String(format: "%.\(places)f", abs(v))
        let parts = text.split(separator: ".", maxSplits: 1)
        let negative = v < 0 && text.contains(where: { $0 != "0" && $0 != "." })
        return grouped(String(parts[0]), negative: negative) + (parts.count > 1 ? "." + String(parts[1]) : "")
    }

    /// The one unit a column of durations is shown in: days when any value is a day or more (or all are zero),
    /// else hours when any is an hour or more, else minutes.
    public static func durationUnit(_ micros: [Int64], nulls: NullBitmap?) -> Int64 {
        var largest: Int64 = 0
        for (i, m) in micros.enumerated() where nulls == nil || !nulls!.isNull(i) {
            largest = max(largest, m.magnitude > Int64.max.magnitude ? .max : Swift.abs(m))
        }
        if largest >= CivilTime.microsPerDay || largest == 0 { return CivilTime.microsPerDay }
        return largest >= CivilTime.microsPerHour ? CivilTime.microsPerHour : CivilTime.microsPerMinute
    }

    /// A duration in a given unit (`durationUnit`): `34d`, `2.5d`, `0.5d`, `3h`, `45min`.
    public static func duration(_ micros: Int64, unit: Int64) -> String {
        let value = Double(micros) / Double(unit)
        let suffix = unit == CivilTime.microsPerDay ? "d" : unit == CivilTime.microsPerHour ? "h" : "min"
        return (value.rounded() == value ? String(Int64(value)) : String(format: "%.1f", value)) + suffix
    }

    /// Days, to one decimal when not whole (`34d`, `2.5d`); hours or minutes under a day.
    public static func duration(_ micros: Int64) -> String {
        let day = Double(CivilTime.microsPerDay)
        let value = Double(micros)
        if abs(value) >= day || micros == 0 {
            let days = value / day
            return (days.rounded() == days ? String(Int64(days)) : String(format: "%.1f", days)) + "d"
        }
        let hours = value / Double(CivilTime.microsPerHour)
        if abs(hours) >= 1 {
            return (hours.rounded() == hours ? String(Int64(hours)) : String(format: "%.1f", hours)) + "h"
        }
        let minutes = value / Double(CivilTime.microsPerMinute)
        return (minutes.rounded() == minutes ? String(Int64(minutes)) : String(format: "%.1f", minutes)) + "min"
    }

    private static func grouped(_ digits: String, negative: Bool) -> String {
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return negative ? "-" + out : out
    }

    /// A ratio as a percentage with one decimal (`0.737` → `73.7%`).
    public static func percent(_ value: Scalar) -> String {
        guard let v = value.asDouble, !value.isNull else { return "" }
        return String(format: "%.1f%%", v * 100)
    }

    /// True for types shown right-aligned.
    public static func isRightAligned(_ type: DataType) -> Bool {
        type.isNumeric || type == .duration
    }
}

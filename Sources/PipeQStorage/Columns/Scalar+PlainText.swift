import Foundation
import PipeQCore

extension Scalar {
    /// The value as CSV and JSON write it and `text(x)` gives it: plain digits at full precision, ISO dates,
    /// durations as days, null as "".
    public var plainText: String {
        switch self {
        case .null: return ""
        case .int(let v): return String(v)
        case .double(let v): return Self.plainDouble(v)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilTime.formatDate(Int(d))
        case .timestamp(let t): return CivilTime.formatTimestamp(t)
        case .duration(let d): return Self.plainDouble(Double(d) / Double(CivilTime.microsPerDay))
        case .string(let s): return s
        }
    }

    /// A double in plain digits: whole values without a point, else 15 significant digits (as sqlite and psql
    /// print): exact for every value a CSV held, without the binary noise of sums (171578335.42, not 171578335.41999993).
    public static func plainDouble(_ v: Double) -> String {
        if !v.isFinite { return v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity") }
        if v.rounded() == v, abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.15g", v)
    }
}

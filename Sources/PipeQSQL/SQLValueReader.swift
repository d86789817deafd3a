import PipeQCore
import PipeQStorage

/// Reads a value a database returned as text back into pipeq's types, by the column's type in the compiled
/// statement: PostgreSQL's `numeric` sums as integers, `t`/`f` and SQLite's 1/0 as booleans, durations from days.
public enum SQLValueReader {
    /// The value, or nil when the text is not one of the type (a mistake in the compiled SQL, not data).
    public static func scalar(_ text: String?, _ type: DataType) -> Scalar? {
        guard let text else { return .null }
        switch type {
        case .int:
            if let v = Int64(text) { return .int(v) }
            if let d = Double(text), d.rounded() == d, abs(d) < 9.2e18 { return .int(Int64(d)) }
            return nil
        case .double: return Double(text).map { .double($0) }
        case .bool:
            switch text.lowercased() {
            case "1", "t", "true": return .bool(true)
            case "0", "f", "false": return .bool(false)
            default: return nil
            }
        case .date: return CivilTime.parseDate(String(text.prefix(10))).map { .date($0) }
        case .timestamp: return CivilTime.parseTimestamp(text).map { .timestamp($0) }
        case .duration:
            return Double(text).map { .duration(Int64((($0 * Double(CivilTime.microsPerDay))).rounded())) }
        case .string: return .string(text)
        }
    }
}

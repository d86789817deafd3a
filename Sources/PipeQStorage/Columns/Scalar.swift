import PipeQCore

/// One boxed value: literals, single results, rendering. Columns never store these.
public enum Scalar: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case date(Int32)
    case timestamp(Int64)
    case duration(Int64)
    case string(String)

    public var type: DataType? {
        switch self {
        case .null: return nil
        case .int: return .int
        case .double: return .double
        case .bool: return .bool
        case .date: return .date
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .string: return .string
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Numeric view for arithmetic on literals (ints, doubles, durations).
    public var asDouble: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .duration(let v), .timestamp(let v): return Double(v)
        case .date(let v): return Double(v)
        default: return nil
        }
    }
}

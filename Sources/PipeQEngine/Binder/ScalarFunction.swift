import PipeQStorage

/// Built-in scalar functions.
public enum ScalarFunction: String, Sendable, CaseIterable {
    /// Period starts: the date at the start of the day, ISO week (Monday), month, quarter, year.
    case day, week, month, quarter, year
    /// A duration as a number of days (fractional).
    case days
    /// A duration as a number of hours.
    case hours
    case lower, upper, length
    case round, abs, coalesce
    /// The date part of a datetime.
    case date

    public var usage: String {
        switch self {
        case .day, .week, .month, .quarter, .year: return "\(rawValue)(date) → the \(rawValue)'s first day"
        case .days: return "days(duration) → number of days"
        case .hours: return "hours(duration) → number of hours"
        case .lower, .upper: return "\(rawValue)(string)"
        case .length: return "length(string) → characters"
        case .round: return "round(number[, digits])"
        case .abs: return "abs(number or duration)"
        case .coalesce: return "coalesce(a, b, …) → the first non-null"
        case .date: return "date(datetime) → its date"
        }
    }

    public static var names: [String] { allCases.map(\.rawValue) }
}

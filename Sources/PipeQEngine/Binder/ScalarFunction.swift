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
    /// `if(c, a, b)`: bound as a `case` expression, never as a call.
    case ifThen = "if"
    /// Casts; a value that does not convert gives null. `date` also takes a datetime (its date), or text with
    /// an optional strftime-style format (the loader's `DateFormat`).
    case int, number, text, bool, date
    case replace, trim
    /// `split_part(text, separator, n)`: the n-th piece (from 1; negative counts from the end), "" past the end.
    case splitPart = "split_part"
    /// `Mon` … `Sun`, sorting Monday first.
    case dayOfWeek = "dayofweek"
    /// The hour of a datetime, 0–23.
    case hour
    /// `January` … `December`, sorting in calendar order.
    case monthName = "month_name"
    /// The first day of the fiscal quarter (`fiscal_year_start` in pipeline.toml), shown as `FY2026-Q1`.
    case fiscalQuarter = "fiscal_quarter"
    /// The fiscal year, named by the calendar year it ends in (a year starting April 2025 is 2026).
    case fiscalYear = "fiscal_year"

    public var usage: String {
        switch self {
        case .day, .week, .month, .quarter, .year: return "\(rawValue)(date) → the \(rawValue)'s first day"
        case .days: return "days(duration) → number of days"
        case .hours: return "hours(duration) → number of hours"
        case .lower, .upper: return "\(rawValue)(string)"
        case .length: return "length(string) → characters"
        case .round: return "round(number[, digits]) → shown with that many decimals"
        case .abs: return "abs(number or duration)"
        case .coalesce: return "coalesce(a, b, …) → the first non-null"
        case .ifThen: return "if(condition, then, else) → then where the condition is true, else the other"
        case .int: return "int(x) → a whole number (rounded), null when x is not one"
        case .number: return "number(x) → a number (\"$1,200.50\", \"12%\" read too), null when x is not one"
        case .text: return "text(x) → x as text"
        case .bool: return "bool(x) → true/false from yes/no, true/false, 1/0 or a number"
        case .date: return "date(x[, \"%d.%m.%Y\"]) → the date of a datetime, or text read as a date (strftime format)"
        case .replace: return "replace(string, \"from\", \"to\") → every \"from\" replaced"
        case .trim: return "trim(string) → without leading and trailing spaces"
        case .splitPart: return "split_part(string, \"separator\", n) → the n-th piece (from 1; -1 is the last)"
        case .dayOfWeek: return "dayofweek(date) → Mon … Sun (sorts Monday first)"
        case .hour: return "hour(datetime) → 0–23"
        case .monthName: return "month_name(date) → January … December (sorts in calendar order)"
        case .fiscalQuarter:
            return
                "fiscal_quarter(date) → the fiscal quarter's first day, shown as FY2026-Q1 (fiscal_year_start in pipeline.toml)"
        case .fiscalYear:
            return
                "fiscal_year(date) → the fiscal year, named by the year it ends in (fiscal_year_start in pipeline.toml)"
        }
    }

    public static var names: [String] { allCases.map(\.rawValue) }

    /// The values `dayofweek` and `month_name` give, in the order they sort (Monday first, calendar order); nil
    /// for the other functions.
    public var valueOrder: [String]? {
        switch self {
        case .dayOfWeek: return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        case .monthName:
            return [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December",
            ]
        default: return nil
        }
    }

    /// A function by name or alias, ignoring letter case.
    public static func named(_ name: String) -> ScalarFunction? {
        let lower = name.lowercased()
        if let f = ScalarFunction(rawValue: lower) { return f }
        switch lower {
        case "day_of_week": return .dayOfWeek
        case "monthname": return .monthName
        case "to_number", "double", "float": return .number
        case "integer": return .int
        case "string", "to_text": return .text
        case "boolean": return .bool
        default: return nil
        }
    }
}

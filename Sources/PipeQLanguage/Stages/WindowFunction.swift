/// The window functions of `extend`: each row's value computed from the rows around it in the current row order,
/// within its partition (`extend … per KEY, …`; the whole input without `per`). Parser (`rank(x desc)`), binder,
/// `.help` and completion read this one list.
public enum WindowFunction: String, Sendable, CaseIterable {
    case cumsum, cumcount, lag, lead, rank
    case denseRank = "dense_rank"
    case rowNumber = "row_number"
    case total
    case movingAvg = "moving_avg"
    case pctChange = "pct_change"

    /// Whether the arguments are sort keys that may carry `asc`/`desc` (`rank(value desc)`).
    public var takesOrder: Bool { self == .rank || self == .denseRank }

    /// One line: how the function is written.
    public var usage: String {
        switch self {
        case .cumsum: return "cumsum(x) → running sum"
        case .cumcount: return "cumcount([x]) → running count"
        case .lag: return "lag(x[, n]) → x n rows back"
        case .lead: return "lead(x[, n]) → x n rows ahead"
        case .rank: return "rank(x [asc|desc], …) → rank, ties skip"
        case .denseRank: return "dense_rank(x [asc|desc], …) → rank, no gaps"
        case .rowNumber: return "row_number() → 1, 2, 3, …"
        case .total: return "total(x) → sum over the partition"
        case .movingAvg: return "moving_avg(x, n) → average of the last n rows"
        case .pctChange: return "pct_change(x) → x ÷ lag(x) − 1"
        }
    }

    /// What the function computes, exactly.
    public var help: String {
        switch self {
        case .cumsum:
            return
                "The sum of x over the partition's rows up to and including this one, in the current row order. Nulls are skipped; null until the first non-null x."
        case .cumcount:
            return
                "The number of rows up to and including this one in the partition (1, 2, 3, …); cumcount(x) counts only rows where x is not null."
        case .lag:
            return
                "x from n rows earlier in the partition (n a whole number, 1 when left out); null for the first n rows."
        case .lead:
            return "x from n rows later in the partition (n a whole number, 1 when left out); null for the last n rows."
        case .rank:
            return
                "The row's place in the partition ordered by the keys (ascending unless \"desc\"; nulls last, as sort orders them). Ties share a place and the next place skips (1, 1, 3), as SQL's rank()."
        case .denseRank:
            return "As rank, but the place after a tie does not skip (1, 1, 2), as SQL's dense_rank()."
        case .rowNumber:
            return "The row's position in its partition in the current row order, from 1."
        case .total:
            return
                "The sum of x over the whole partition, on every row of it (share of total: x / total(x)). Nulls are skipped; null when every x is."
        case .movingAvg:
            return
                "The average of x over this row and the n − 1 before it in the partition (fewer at its start); nulls are skipped."
        case .pctChange:
            return
                "x / lag(x) − 1: the change from the previous row of the partition as a fraction (0.1 = 10% up); null for the first row and where the previous x is null or 0."
        }
    }

    /// The call as written, without what it gives: `lag(x[, n])`.
    public var call: String { String(usage.prefix { $0 != "→" }.dropLast()) }

    /// What `.help NAME` prints.
    public var helpText: String {
        "usage: extend NAME = " + call + " [per KEY, …]\n\n" + help
    }

    public static func named(_ text: String) -> WindowFunction? { WindowFunction(rawValue: text.lowercased()) }

    public static var names: [String] { allCases.map(\.rawValue) }
}

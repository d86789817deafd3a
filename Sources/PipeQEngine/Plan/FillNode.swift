import PipeQCore
import PipeQStorage

/// Completes a grouped result into a dense one (SQL's `generate_series` and a left join; Kusto's `make-series`):
/// each combination of the `keys` columns gets a row for every value of the bucket's domain — a fixed list, or
/// every period from the first to the last the input holds. Input rows are kept as they are; a missing
/// (combination, bucket) gets one added row whose other columns (the measures) are 0 for numbers and durations and
/// null otherwise.
///
/// Rows come out by combination (ascending key order, as grouping numbers them; nulls last), within one by the
/// domain's order, and then the combination's rows with a null bucket (never filled). With no keys there is one
/// combination, even over no rows (as an aggregate without `by` has one row).
public struct FillNode: Sendable {
    /// Input fields whose combinations each get the whole domain.
    public var keys: [Int]
    /// The input field holding the bucket.
    public var bucket: Int
    public var domain: FillDomain

    public init(keys: [Int], bucket: Int, domain: FillDomain) {
        self.keys = keys
        self.bucket = bucket
        self.domain = domain
    }

    func explanation(_ names: [String]) -> String {
        let over: String
        switch domain {
        case .values(let values):
            over =
                "(" + values.map { BoundExprText.text(.constant($0, $0.type ?? .string), []) }.joined(separator: ", ")
                + ", then any other value)"
        case .periods(let unit): over = "every \(unit.rawValue) from the first to the last"
        }
        return "Fill " + BoundExprText.quotedName(names[bucket]) + " over " + over
            + (keys.isEmpty ? "" : " per " + keys.map { BoundExprText.quotedName(names[$0]) }.joined(separator: ", "))
    }
}

/// The bucket values a `FillNode` completes each combination with.
public enum FillDomain: Sendable {
    /// These values in this order, then any other non-null value the input holds (ascending).
    case values([Scalar])
    /// Every period of the unit from the first to the last the input holds; the bucket is a date column of period
    /// starts (a week's Monday, a month's, quarter's or year's first day, as `week(…)`, `month(…)` give).
    case periods(PeriodUnit)
}

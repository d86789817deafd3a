/// How a column's values read for people when their type alone does not say (a rate, a count kept as a number,
/// a quarter, a fixed number of decimals, a sparkline's counts). Set where the column is made (aggregates,
/// verbs, the binder for `round(x, n)` and `quarter(d)`); tables, charts and reports draw from it, while CSV
/// and JSON write the exact values.
public indirect enum CellEncoding: Sendable, Equatable {
    /// Whole counts separated by single spaces, one per calendar month, e.g. "3 0 1" (the `sparkline` aggregate):
    /// tables draw a sparkline, CSV and Markdown write the text, JSON an array of numbers.
    case monthlyCounts
    /// Numbers separated by single spaces, one per period, an empty part for a period without one, e.g. "0.5  0.25"
    /// (`scorecard trend`): tables draw a sparkline scaled from min(0, smallest) to the largest, CSV and Markdown
    /// write the text, JSON an array of numbers (null for a gap).
    case series
    /// A fraction shown as a percentage with one decimal: 0.632 → `63.2%` (win rates, conversions, shares).
    case rate
    /// A difference of two rates, in percentage points with one decimal: 0.052 → `+5.2 pp` (`growth`'s change of
    /// a rate: 30% after 25% is +5.0 pp, not +5.0%).
    case points
    /// A number shown with exactly this many decimals (`round(x, n)`).
    case decimals(Int)
    /// A count that travels as a number (a verb's mixed column): shown without decimals.
    case wholeNumber
    /// Whole numbers in plain digits, without thousands separators (ids, years).
    case digits
    /// A quarter's first day shown as `2025-Q1`, or `FY2026-Q1` for fiscal years starting in another month.
    case quarter(firstMonth: Int)
    /// A column whose rows mean different things (`metrics`, `compare`): each row's display is chosen by the text
    /// of the column named `key` (the first rule that matches it; none → plain).
    case byRow(key: String, rules: [RowDisplay])
}

/// One rule of `CellEncoding.byRow`: rows whose key is `text` (or starts with it, for a prefix) read as `encoding`.
public struct RowDisplay: Sendable, Equatable {
    public var text: String
    public var isPrefix: Bool
    public var encoding: CellEncoding

    public init(_ text: String, prefix: Bool = false, _ encoding: CellEncoding) {
        self.text = text
        self.isPrefix = prefix
        self.encoding = encoding
    }

    public func matches(_ key: String) -> Bool { isPrefix ? key.hasPrefix(text) : key == text }
}

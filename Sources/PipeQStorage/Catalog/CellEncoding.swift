/// What a text column's values stand for when they are not plain text, so renderers can draw or write them
/// properly while every other stage treats them as text.
public enum CellEncoding: Sendable, Equatable {
    /// Whole counts separated by single spaces, one per calendar month, e.g. "3 0 1" (the `sparkline` aggregate):
    /// tables draw a sparkline, CSV and Markdown write the text, JSON an array of numbers.
    case monthlyCounts
}

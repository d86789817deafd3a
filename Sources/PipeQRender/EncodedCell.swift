import PipeQStorage

/// How a cell of a column with a `CellEncoding` reads for people: drawn (the `sparkline` aggregate's monthly counts
/// as a sparkline). Tables and the HTML report use it; CSV, JSON and Markdown write the values as data instead.
enum EncodedCell {
    /// The drawn cell, or nil for a plain value (no encoding, or null).
    static func human(_ value: Scalar, _ encoding: CellEncoding?, unicode: Bool) -> String? {
        guard let encoding, case .string(let text) = value else { return nil }
        switch encoding {
        case .monthlyCounts: return Sparkline.counts(text, unicode: unicode)
        }
    }
}

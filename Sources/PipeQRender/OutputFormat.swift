/// How results are written.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    /// The table drawn with box-drawing lines (ASCII `+-|` when the terminal's character set is not UTF-8).
    case box
    /// One field per line, `name = value`, names right-aligned, a blank line between rows (sqlite3's `.mode line`).
    case line
    case csv, json, markdown
    /// Charts as standalone SVG documents.
    case svg

    /// True for the formats people read rather than programs (notes under the result, blank lines between results).
    public var isForReading: Bool { self == .table || self == .box || self == .line || self == .markdown }
}

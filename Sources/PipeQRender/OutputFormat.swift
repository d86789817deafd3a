/// How results are written.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown
    /// Charts as standalone SVG documents.
    case svg
}

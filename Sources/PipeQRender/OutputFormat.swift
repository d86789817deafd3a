/// How results are written.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown
}

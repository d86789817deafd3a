/// When a table is printed as records, one field per line (`.expanded`, psql's `\x`): never, always, or when a
/// row does not fit the screen.
public enum ExpandedMode: String, Sendable, CaseIterable {
    case off, on, auto
}

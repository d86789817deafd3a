/// The words that leave the interactive shell when they are the whole entry, as in other shells: `exit` and
/// `quit` (psql, DuckDB), `\q` (psql), with or without a trailing ";". Anywhere else they are ordinary text
/// (`exit | count` reads a table named exit), and scripts end with `.quit`.
public enum ExitWords {
    public static let words = ["exit", "quit", "\\q"]

    /// True when `entry` is one of the words alone.
    public static func matches(_ entry: String) -> Bool {
        words.contains(entry.trimmingWhitespace().lowercased())
    }
}

/// The character encoding of a CSV file.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, unless the bytes are not UTF-8: then Windows-1252 (see `CSVLoader`).
    case auto
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    /// ISO 8859-1: every byte is the code point of the same number (0x80–0x9F are control characters).
    case latin1 = "latin-1"

    /// The names `--encoding` and `encoding =` accept: the raw values and a few common spellings.
    public init?(name: String) {
        switch name.lowercased() {
        case "auto": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "win-1252", "windows1252": self = .windows1252
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    /// The names to suggest when one is not known.
    public static let names = allCases.map(\.rawValue)
}

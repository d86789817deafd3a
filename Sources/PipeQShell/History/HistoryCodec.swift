/// How history entries are stored: one entry per line, so a multi-line query stays one entry.
/// A newline inside an entry is written `\n` and a backslash `\\`.
public enum HistoryCodec {
    /// One entry as one line of the file (without its newline).
    public static func encode(_ entry: String) -> String {
        var out = ""
        out.reserveCapacity(entry.utf8.count)
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// The entry a line of the file holds.
    public static func decode(_ line: Substring) -> String {
        var out = ""
        var escaped = false
        for c in line {
            if escaped {
                out += c == "n" ? "\n" : c == "\\" ? "\\" : "\\" + String(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out += "\\" }
        return out
    }
}

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
        decode(bytes: Array(line.utf8)) ?? String(line)
    }

    /// The entry one line of the file holds (without its newline), or nil when the line is damaged:
    /// not valid UTF-8 (a write cut inside a character) or holding a NUL byte. Each line is decoded on its own,
    /// so one damaged line costs only its own entry.
    public static func decode<Bytes: Collection<UInt8>>(bytes line: Bytes) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var escaped = false
        for byte in line {
            if byte == 0 { return nil }
            if escaped {
                switch byte {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "\\"): out.append(byte)
                default:
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        if escaped { out.append(UInt8(ascii: "\\")) }
        return String(validating: out, as: UTF8.self)
    }
}

import Foundation

/// libpq's password file (`~/.pgpass`, or PGPASSFILE): lines `host:port:database:user:password`, `*` matching
/// anything, `\:` and `\\` escaped, `#` starting a comment; the first line that matches wins. Like libpq, a file
/// that others may read is ignored (with a warning), and a socket connection matches the host `localhost`.
public enum PasswordFile {
    public static func password(in path: String, for target: PostgresTarget) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        if info.st_mode & 0o077 != 0 {
            FileHandle.standardError.write(
                Data(
                    "warning: password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less\n"
                        .utf8))
            return nil
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let host = target.isUnixSocket ? ["localhost", target.host] : [target.host]
            if matches(fields[0], host) && matches(fields[1], [String(target.port)])
                && matches(fields[2], [target.database]) && matches(fields[3], [target.user])
            {
                return fields[4]
            }
        }
        return nil
    }

    private static func matches(_ field: String, _ values: [String]) -> Bool {
        field == "*" || values.contains(field)
    }

    /// The colon-separated fields of a line, escapes undone (the password is everything after the fourth colon).
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

import Foundation
import PipeQCore

/// Where a PostgreSQL database is and how to log in, as libpq decides it: the URI's parts
/// (`postgresql://USER[:PASSWORD]@HOST:PORT/DB[/TABLE]?sslmode=…&sslrootcert=…&schema=…`), else the PG* environment
/// variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT, PGPASSFILE), else libpq's
/// defaults; a password
/// not given either way comes from `~/.pgpass`. `description` never holds the password.
public struct PostgresTarget: Sendable, Equatable, CustomStringConvertible {
    /// A host name or address, or (starting with `/`) the folder holding the server's Unix socket.
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// `?schema=NAME`: that schema's tables; nil: the tables on the search path.
    public var schema: String?
    /// `postgresql://…/DB/TABLE` (for `.load`): one table.
    public var table: String?
    /// `sslrootcert=FILE`: the certificates (PEM) that `verify-ca` and `verify-full` trust, instead of the system's.
    public var sslRootCert: String? = nil

    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// True when the host is a socket folder rather than a network host.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The socket file libpq would use for a socket folder.
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// `postgresql://USER@HOST:PORT/DB`, without the password: for messages, the prompt and history.
    public var description: String {
        let shownHost = isUnixSocket ? Self.percentEncoded(host) : (host.contains(":") ? "[\(host)]" : host)
        var text = "postgresql://\(Self.percentEncoded(user))@\(shownHost):\(port)/\(Self.percentEncoded(database))"
        if let table { text += "/" + Self.percentEncoded(table) }
        if let schema { text += "?schema=" + Self.percentEncoded(schema) }
        return text
    }

    /// Whether a command-line argument names a database rather than a file.
    public static func isURI(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Reads a URI, filling what it leaves out from `environment` and libpq's defaults, and the password from
    /// the password file when neither the URI nor PGPASSWORD gives one. Errors never quote the password.
    public static func parse(
        _ uri: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        home: String? = nil
    ) throws(Diagnostic) -> PostgresTarget {
        guard let schemeEnd = uri.range(of: "://"), isURI(uri) else {
            throw Diagnostic(.usage, "not a PostgreSQL URI (postgresql://USER@HOST:PORT/DB)")
        }
        var rest = String(uri[schemeEnd.upperBound...])
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = String(rest[..<mark])
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = String(rest[..<slash])
        }
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = String(rest[rest.index(after: at)...])
            if let colon = credentials.firstIndex(of: ":") {
                user = try decoded(String(credentials[..<colon]), "user name")
                password = try decoded(String(credentials[credentials.index(after: colon)...]), "password")
            } else {
                user = try decoded(String(credentials), "user name")
            }
        }
        var host: String?
        var port: Int?
        let hostPart: Substring
        var portText: Substring?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            hostPart = Substring(rest)
        }
        if !hostPart.isEmpty { host = try decoded(String(hostPart), "host") }
        if let portText, !portText.isEmpty { port = try portNumber(String(portText), from: "the URI") }
        var database: String?
        var table: String?
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let first = segments.first, !first.isEmpty { database = try decoded(first, "database name") }
        if segments.count > 2 || (segments.count == 2 && segments[1].isEmpty) {
            throw Diagnostic(.usage, "a PostgreSQL URI's path is /DATABASE or /DATABASE/TABLE")
        }
        if segments.count == 2 { table = try decoded(segments[1], "table name") }
        var sslMode: SSLMode?
        var sslRootCert: String?
        var schema: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decoded(String(parts[0]), "parameter")
            let value = parts.count > 1 ? try decoded(String(parts[1]), key) : ""
            switch key {
            case "sslmode": sslMode = try sslModeNamed(value, from: "sslmode")
            case "sslrootcert": sslRootCert = value
            case "schema": schema = value
            case "host": host = value
            case "port": port = try portNumber(value, from: "port")
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name", "connect_timeout": break
            default:
                throw Diagnostic(
                    .usage, "unknown PostgreSQL URI parameter \"\(key)\"",
                    hint: "pipeq reads sslmode, sslrootcert, schema, host, port, user, password and dbname")
            }
        }
        var envPort: Int?
        if let text = environment["PGPORT"].nonEmpty { envPort = try portNumber(text, from: "PGPORT") }
        var envSSLMode: SSLMode?
        if let text = environment["PGSSLMODE"].nonEmpty { envSSLMode = try sslModeNamed(text, from: "PGSSLMODE") }
        var target = PostgresTarget(
            host: host ?? environment["PGHOST"].nonEmpty ?? "/var/run/postgresql",
            port: port ?? envPort ?? 5432,
            user: user ?? environment["PGUSER"].nonEmpty ?? environment["USER"].nonEmpty ?? NSUserName(),
            password: password ?? environment["PGPASSWORD"].nonEmpty,
            database: "",
            sslMode: sslMode ?? envSSLMode ?? .prefer,
            schema: schema, table: table,
            sslRootCert: sslRootCert ?? environment["PGSSLROOTCERT"].nonEmpty)
        target.database = database ?? environment["PGDATABASE"].nonEmpty ?? target.user
        if target.password == nil {
            let home = home ?? environment["HOME"].nonEmpty ?? NSHomeDirectory()
            let file = environment["PGPASSFILE"].nonEmpty ?? (home as NSString).appendingPathComponent(".pgpass")
            target.password = PasswordFile.password(in: file, for: target)
        }
        return target
    }

    private static func decoded(_ text: String, _ what: String) throws(Diagnostic) -> String {
        guard let value = text.removingPercentEncoding else {
            // Never quote the text: it may be the password.
            throw Diagnostic(.usage, "the \(what) in the PostgreSQL URI has a malformed %-escape")
        }
        return value
    }

    private static func portNumber(_ text: String, from source: String) throws(Diagnostic) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw Diagnostic(.usage, "\(source): the port must be a number from 1 to 65535, got \"\(text)\"")
        }
        return port
    }

    private static func sslModeNamed(_ text: String, from source: String) throws(Diagnostic) -> SSLMode {
        guard let mode = SSLMode(rawValue: text) else {
            throw Diagnostic(
                .usage, "\(source) must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))",
                hint: "got \"\(text)\"")
        }
        return mode
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A line with every `scheme://user:password@` password and `password=…` parameter taken out (for history
    /// and echoed commands).
    public static func redacted(_ line: String) -> String {
        guard line.contains("://") else { return line }
        let line = line.replacingOccurrences(
            of: "&password=[^&\\s]*", with: "", options: [.regularExpression, .caseInsensitive]
        ).replacingOccurrences(
            of: "\\?password=[^&\\s]*&?", with: "?", options: [.regularExpression, .caseInsensitive])
        var out = ""
        var rest = Substring(line)
        while let scheme = rest.range(of: "://") {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == " " || $0 == "\t" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[..<colon] + authority[at...]
            } else {
                out += authority
            }
            rest = rest[authorityEnd...]
        }
        return out + rest
    }
}

extension Optional where Wrapped == String {
    fileprivate var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}

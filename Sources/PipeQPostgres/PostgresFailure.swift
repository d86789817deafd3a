import Foundation
import PipeQCore
import PostgresNIO

/// PostgresNIO's errors as diagnostics: where (host, port, database, never the password) and the server's own
/// message, or what went wrong on the way to it.
enum PostgresFailure {
    /// SQLSTATE 57014: the statement was cancelled (our Ctrl-C).
    static let cancelledState = "57014"

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// An error while connecting or logging in.
    static func connecting(_ error: any Error, to target: PostgresTarget) -> Diagnostic {
        let place =
            target.isUnixSocket
            ? "the socket \(target.socketPath)" : "\(target.host) port \(target.port)"
        let prefix = "cannot connect to PostgreSQL at \(place), database \"\(target.database)\" as \"\(target.user)\""
        if isUntrustedCertificate(error) {
            return Diagnostic(
                .io,
                prefix + ": the server's certificate is not signed by a root pipeq trusts "
                    + "(sslmode=\(target.sslMode.rawValue) verifies it)",
                hint: "name the root certificate with sslrootcert=FILE in the URI or PGSSLROOTCERT, or encrypt "
                    + "without verifying with sslmode=require")
        }
        let reason = Self.reason(error)
        var hint: String?
        if let state = sqlState(error) {
            switch state {
            case "28000" where reason.contains("no encryption"):
                // pg_hba.conf has only hostssl lines for this client.
                hint = "the server takes only SSL connections from here: use sslmode=require (or prefer)"
            case "28P01", "28000":
                hint =
                    target.password == nil
                    ? "give the password in PGPASSWORD or ~/.pgpass"
                    : "check the password (PGPASSWORD, ~/.pgpass or the URI)"
            case "3D000": hint = "list the databases with psql -l, or name another in the URI"
            default: break
            }
        } else if let psql = error as? PSQLError, psql.code == .authMechanismRequiresPassword {
            hint = "give it in PGPASSWORD, ~/.pgpass or the URI"
        } else {
            hint = "is the server running and accepting connections there?"
        }
        return Diagnostic(.io, prefix + ": " + redact(reason, target), hint: hint)
    }

    /// Whether connecting failed because the server's certificate chain ends in no trusted root (verify-ca and
    /// verify-full check it).
    static func isUntrustedCertificate(_ error: any Error) -> Bool {
        guard case .handshakeFailed(let detail)? = ((error as? PSQLError)?.underlying ?? error) as? NIOSSLError else {
            return false
        }
        return "\(detail)".contains("CERTIFICATE_VERIFY_FAILED")
    }

    /// An error from a statement the server ran.
    static func running(_ error: any Error, target: PostgresTarget) -> Diagnostic {
        if sqlState(error) == cancelledState { return .cancelled }
        return Diagnostic(.execute, "PostgreSQL: " + redact(reason(error), target))
    }

    /// The server's message (with its detail and hint), else the connection's problem in words.
    static func reason(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else { return "\(error)" }
        if let info = psql.serverInfo, let message = info[.message] {
            var text = message
            if let detail = info[.detail] { text += " (\(detail))" }
            if let hint = info[.hint] { text += "; \(hint)" }
            return text
        }
        if let underlying = psql.underlying { return describe(underlying) }
        switch psql.code {
        case .authMechanismRequiresPassword: return "the server asks for a password and none was given"
        case .serverClosedConnection: return "the server closed the connection"
        case .sslUnsupported: return "the server does not support SSL (sslmode=require)"
        case .unsupportedAuthMechanism: return "the server asks for an authentication method pipeq does not support"
        default: return psql.code.description
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if let connect = error as? NIOConnectionError {
            if let first = connect.connectionErrors.first { return describe(first.error) }
            if connect.dnsAAAAError != nil || connect.dnsAError != nil { return "unknown host \(connect.host)" }
            return "connection failed"
        }
        if error is ChannelError { return "the connection failed (\(error))" }
        return "\(error)"
    }

    /// Text with the password taken out, should a server or library ever echo it.
    static func redact(_ text: String, _ target: PostgresTarget) -> String {
        guard let password = target.password, password.count >= 1 else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}

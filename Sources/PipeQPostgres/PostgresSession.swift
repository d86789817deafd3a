import Foundation
import PipeQCore
import PipeQEngine
import PostgresNIO

/// One connection to a PostgreSQL server, used from the shell's (synchronous) thread: each statement waits for
/// its answer, watching the engine's cancellation flag; Ctrl-C asks the server to cancel the running statement
/// (`pg_cancel_backend` from a second connection, the same signal libpq's cancel request gives the backend).
public final class PostgresSession: @unchecked Sendable {
    public let target: PostgresTarget
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    /// The server process serving this connection, for cancelling its statement.
    private let backendPID: Int
    private let logger: Logger

    private init(
        target: PostgresTarget, group: MultiThreadedEventLoopGroup, connection: PostgresConnection, backendPID: Int,
        logger: Logger
    ) {
        self.target = target
        self.group = group
        self.connection = connection
        self.backendPID = backendPID
        self.logger = logger
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Connects and logs in; the error names the host, port, database and user and gives the server's reason.
    public static func connect(_ target: PostgresTarget) throws(Diagnostic) -> PostgresSession {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // Nothing is logged: a log line could carry connection details.
        var logger = Logger(label: "pipeq.postgres")
        logger.logLevel = .critical
        do {
            let connection = try open(target, on: group, logger: logger)
            let rows = try connection.query("SELECT CAST(pg_backend_pid() AS TEXT)", logger: logger).wait()
            let pid = rows.rows.first.flatMap { Self.text($0).first ?? nil }.flatMap { Int($0) } ?? 0
            return PostgresSession(
                target: target, group: group, connection: connection, backendPID: pid, logger: logger)
        } catch {
            try? group.syncShutdownGracefully()
            throw PostgresFailure.connecting(error, to: target)
        }
    }

    private static func open(_ target: PostgresTarget, on group: MultiThreadedEventLoopGroup, logger: Logger) throws
        -> PostgresConnection
    {
        var configuration: PostgresConnection.Configuration
        if target.isUnixSocket {
            configuration = .init(
                unixSocketPath: target.socketPath, username: target.user, password: target.password,
                database: target.database)
        } else {
            configuration = .init(
                host: target.host, port: target.port, username: target.user, password: target.password,
                database: target.database, tls: try tls(target))
        }
        configuration.options.connectTimeout = .seconds(10)
        // Values come back as the compiled SQL's conventions expect: ISO dates, UTC, exact floats.
        configuration.options.additionalStartupParameters = [
            ("DateStyle", "ISO, YMD"), ("TimeZone", "UTC"), ("extra_float_digits", "1"),
            ("application_name", "pipeq"),
        ]
        return try PostgresConnection.connect(
            on: group.next(), configuration: configuration, id: 1, logger: logger
        ).wait()
    }

    private static func tls(_ target: PostgresTarget) throws -> PostgresConnection.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        if let file = target.sslRootCert { settings.trustRoots = .file(file) }
        switch target.sslMode {
        case .disable: return .disable
        case .allow, .prefer:
            settings.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: settings))
        case .require:
            settings.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: settings))
        case .verifyCA:
            settings.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: settings))
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: settings))
        }
    }

    /// Runs one statement and hands each row to `onRow` as text cells (nil: SQL NULL). Returns the command's
    /// row count (`MOVE n`, `FETCH n`). Stops with `Diagnostic.cancelled` when `cancellation` is set meanwhile,
    /// after the server has cancelled the statement.
    @discardableResult
    public func run(
        _ sql: String, cancellation: CancellationFlag? = nil, onRow: @escaping @Sendable ([String?]) -> Void = { _ in }
    ) throws(Diagnostic) -> Int? {
        let future = connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) { row in onRow(Self.text(row)) }
        return try wait(future, cancellation: cancellation).rows
    }

    /// The rows of a statement, as text.
    public func rows(_ sql: String, cancellation: CancellationFlag? = nil) throws(Diagnostic) -> [[String?]] {
        let collected = Collected()
        try run(sql, cancellation: cancellation) { collected.append($0) }
        return collected.rows
    }

    private func wait<T: Sendable>(_ future: EventLoopFuture<T>, cancellation: CancellationFlag?) throws(Diagnostic)
        -> T
    {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<T>()
        future.whenComplete { result in
            outcome.set(result)
            done.signal()
        }
        var cancelSent = false
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if !cancelSent, cancellation?.isCancelled == true {
                cancelSent = true
                cancelRunningStatement()
            }
        }
        switch outcome.get()! {
        case .success(let value):
            if cancelSent { throw Diagnostic.cancelled }
            return value
        case .failure(let error):
            if cancelSent { throw Diagnostic.cancelled }
            throw PostgresFailure.running(error, target: target)
        }
    }

    /// Asks the server to cancel what this connection runs, from a second connection.
    public func cancelRunningStatement() {
        guard backendPID != 0, let other = try? Self.open(target, on: group, logger: logger) else { return }
        _ = try? other.query("SELECT pg_cancel_backend(CAST(\(backendPID) AS INTEGER))", logger: logger).wait()
        try? other.close().wait()
    }

    static func text(_ row: PostgresRow) -> [String?] {
        row.map { cell in cell.bytes.map { String(buffer: $0) } }
    }
}

private final class Outcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() -> Result<T, any Error>? { lock.withLock { result } }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[String?]] = []
    func append(_ row: [String?]) { lock.withLock { stored.append(row) } }
    var rows: [[String?]] { lock.withLock { stored } }
}

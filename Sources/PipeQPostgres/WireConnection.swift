import Crypto
import Foundation
import PipeQCore
import PipeQEngine

#if canImport(Glibc)
    import Glibc
#endif

/// PostgreSQL's frontend/backend protocol, as much of it as `COPY … TO STDOUT` needs (postgres-nio has no COPY
/// out): a socket, the startup message, authentication (trust, password, MD5, SCRAM-SHA-256), one simple query
/// whose CopyData messages are handed over as they arrive, and the cancel request for Ctrl-C. No TLS: it is used
/// only over a Unix socket or with sslmode disable or allow (else the copy goes through postgres-nio).
final class WireConnection {
    struct Failure: Error {
        var message: String
        /// The server's SQLSTATE, when the server said it.
        var sqlState: String?
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var backendKey: (pid: Int32, secret: Int32)?
    private let target: PostgresTarget

    /// Whether the copy can go this way for a target (no TLS wanted).
    static func canConnect(_ target: PostgresTarget) -> Bool {
        target.isUnixSocket || target.sslMode == .disable || target.sslMode == .allow
    }

    init(_ target: PostgresTarget) throws {
        self.target = target
        fd = try Self.socket(to: target)
        do {
            try startup()
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        var terminate: [UInt8] = [UInt8(ascii: "X")]
        Self.append(Int32(4), to: &terminate)
        _ = try? send(terminate)
        close(fd)
    }

    // MARK: The socket

    private static func socket(to target: PostgresTarget) throws -> Int32 {
        if target.isUnixSocket {
            let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(message: String(cString: strerror(errno))) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = Array(target.socketPath.utf8)
            guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
                close(fd)
                throw Failure(message: "socket path too long")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.enumerated() { raw[i] = byte }
            }
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard status == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw Failure(message: reason)
            }
            return fd
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &list) == 0, let first = list else {
            throw Failure(message: "unknown host \(target.host)")
        }
        defer { freeaddrinfo(list) }
        var reason = "connection failed"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            let fd = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
                reason = String(cString: strerror(errno))
                close(fd)
            }
            entry = info.pointee.ai_next
        }
        throw Failure(message: reason)
    }

    private func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(message: "the server closed the connection") }
            sent += n
        }
    }

    /// Reads more bytes, waiting at most a tenth of a second at a time so `cancellation` is looked at; on Ctrl-C
    /// sends the cancel request once, then reads on until the server answers.
    private func fill(_ cancellation: CancellationFlag?, _ cancelSent: inout Bool) throws {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        while true {
            if !cancelSent, cancellation?.isCancelled == true {
                cancelSent = true
                sendCancelRequest()
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(message: "the server closed the connection") }
            buffer += chunk[0..<n]
            return
        }
    }

    /// The next message: its type and body.
    private func message(_ cancellation: CancellationFlag? = nil, _ cancelSent: inout Bool) throws -> (
        UInt8, ArraySlice<UInt8>
    ) {
        while buffer.count - position < 5 { try fill(cancellation, &cancelSent) }
        let type = buffer[position]
        let length = Int(Self.int32(buffer, position + 1))
        while buffer.count - position < 1 + length { try fill(cancellation, &cancelSent) }
        let body = buffer[(position + 5)..<(position + 1 + length)]
        position += 1 + length
        return (type, body)
    }

    private func message() throws -> (UInt8, ArraySlice<UInt8>) {
        var sent = false
        return try message(nil, &sent)
    }

    // MARK: Startup and authentication

    private func startup() throws {
        var body: [UInt8] = []
        Self.append(Int32(196_608), to: &body)  // protocol 3.0
        for (name, value) in [
            ("user", target.user), ("database", target.database), ("application_name", "pipeq"),
            ("client_encoding", "UTF8"), ("DateStyle", "ISO, YMD"), ("TimeZone", "UTC"), ("extra_float_digits", "1"),
        ] {
            body += Array(name.utf8) + [0] + Array(value.utf8) + [0]
        }
        body.append(0)
        var packet: [UInt8] = []
        Self.append(Int32(body.count + 4), to: &packet)
        try send(packet + body)
        var scram: SCRAM?
        while true {
            let (type, body) = try message()
            switch type {
            case UInt8(ascii: "R"):
                let code = Self.int32(body, body.startIndex)
                let rest = body.dropFirst(4)
                switch code {
                case 0: break
                case 3: try sendPassword(Array(try password().utf8) + [0])
                case 5:
                    let password = try password()
                    let inner = Self.hex(Insecure.MD5.hash(data: Array((password + target.user).utf8)))
                    let outer = Self.hex(Insecure.MD5.hash(data: Array(inner.utf8) + Array(rest)))
                    try sendPassword(Array(("md5" + outer).utf8) + [0])
                case 10:
                    let mechanisms = rest.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                    guard mechanisms.contains("SCRAM-SHA-256") else {
                        throw Failure(message: "the server asks for an authentication method pipeq does not support")
                    }
                    let client = SCRAM(password: try password())
                    scram = client
                    var initial = Array("SCRAM-SHA-256".utf8) + [0]
                    let first = Array(client.clientFirst.utf8)
                    Self.append(Int32(first.count), to: &initial)
                    try sendPassword(initial + first)
                case 11:
                    guard var client = scram, let final = client.clientFinal(String(decoding: rest, as: UTF8.self))
                    else { throw Failure(message: "the server's SCRAM challenge is malformed") }
                    scram = client
                    try sendPassword(Array(final.utf8))
                case 12:
                    guard let client = scram, client.verify(String(decoding: rest, as: UTF8.self)) else {
                        throw Failure(message: "the server's SCRAM signature does not match")
                    }
                default:
                    throw Failure(message: "the server asks for an authentication method pipeq does not support")
                }
            case UInt8(ascii: "K"):
                backendKey = (Self.int32(body, body.startIndex), Self.int32(body, body.startIndex + 4))
            case UInt8(ascii: "Z"): return
            case UInt8(ascii: "E"): throw Self.error(body)
            default: continue  // ParameterStatus, notices
            }
        }
    }

    private func password() throws -> String {
        guard let password = target.password else {
            throw Failure(message: "the server asks for a password and none was given")
        }
        return password
    }

    private func sendPassword(_ body: [UInt8]) throws {
        var message: [UInt8] = [UInt8(ascii: "p")]
        Self.append(Int32(body.count + 4), to: &message)
        try send(message + body)
    }

    // MARK: COPY

    /// Runs `COPY (…) TO STDOUT` and hands each row's bytes (without its newline) to `onRow`.
    func copyOut(_ sql: String, cancellation: CancellationFlag?, onRow: (ArraySlice<UInt8>) throws -> Void) throws {
        var query: [UInt8] = [UInt8(ascii: "Q")]
        let text = Array(sql.utf8) + [0]
        Self.append(Int32(text.count + 4), to: &query)
        try send(query + text)
        var cancelSent = false
        var failure: Failure?
        while true {
            let (type, body) = try message(cancellation, &cancelSent)
            switch type {
            case UInt8(ascii: "d"):
                guard failure == nil else { continue }
                var row = body
                if row.last == UInt8(ascii: "\n") { row = row.dropLast() }
                do { try onRow(row) } catch let error as Failure { failure = error }
            case UInt8(ascii: "E"): failure = Self.error(body)
            case UInt8(ascii: "Z"):
                if let failure { throw failure }
                return
            default: continue  // CopyOutResponse, CopyDone, CommandComplete, notices
            }
        }
    }

    /// The protocol's cancel request, on a connection of its own.
    private func sendCancelRequest() {
        guard let key = backendKey, let fd = try? Self.socket(to: target) else { return }
        var request: [UInt8] = []
        for value in [Int32(16), Int32(80_877_102), key.pid, key.secret] { Self.append(value, to: &request) }
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    // MARK: Bytes

    static func append(_ value: Int32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }

    static func int32<C: Collection<UInt8>>(_ bytes: C, _ at: C.Index) -> Int32 where C.Index == Int {
        Int32(
            bitPattern: UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
                | UInt32(bytes[at + 3]))
    }

    static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// An ErrorResponse's message, detail and hint, and its SQLSTATE.
    static func error(_ body: ArraySlice<UInt8>) -> Failure {
        var fields: [UInt8: String] = [:]
        var rest = body
        while let type = rest.first, type != 0 {
            rest = rest.dropFirst()
            let end = rest.firstIndex(of: 0) ?? rest.endIndex
            fields[type] = String(decoding: rest[..<end], as: UTF8.self)
            rest = rest[min(end + 1, rest.endIndex)...]
        }
        var text = fields[UInt8(ascii: "M")] ?? "error"
        if let detail = fields[UInt8(ascii: "D")] { text += " (\(detail))" }
        if let hint = fields[UInt8(ascii: "H")] { text += "; \(hint)" }
        return Failure(message: text, sqlState: fields[UInt8(ascii: "C")])
    }
}

/// SCRAM-SHA-256 (RFC 5802, 7677) as PostgreSQL uses it: no channel binding, the user name left to the startup
/// message.
private struct SCRAM {
    let password: String
    let nonce: String
    var clientFirstBare: String { "n=,r=" + nonce }
    var clientFirst: String { "n,," + clientFirstBare }
    private(set) var serverSignature: [UInt8]?

    init(password: String) {
        self.password = password
        nonce = Data((0..<18).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    /// The client's final message for the server's first, remembering the signature the server must send back.
    mutating func clientFinal(_ serverFirst: String) -> String? {
        var parts: [Character: String] = [:]
        for item in serverFirst.split(separator: ",") where item.count >= 2 {
            parts[item.first!] = String(item.dropFirst(2))
        }
        guard let serverNonce = parts["r"], serverNonce.hasPrefix(nonce), let saltText = parts["s"],
            let salt = Data(base64Encoded: saltText), let iterations = parts["i"].flatMap({ Int($0) }), iterations > 0
        else { return nil }
        let salted = Self.hi(Array(password.utf8), Array(salt), iterations)
        let clientKey = Self.hmac(salted, Array("Client Key".utf8))
        let storedKey = Array(SHA256.hash(data: clientKey))
        let withoutProof = "c=biws,r=" + serverNonce
        let authMessage = Array((clientFirstBare + "," + serverFirst + "," + withoutProof).utf8)
        let signature = Self.hmac(storedKey, authMessage)
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        serverSignature = Self.hmac(Self.hmac(salted, Array("Server Key".utf8)), authMessage)
        return withoutProof + ",p=" + Data(proof).base64EncodedString()
    }

    func verify(_ serverFinal: String) -> Bool {
        guard serverFinal.hasPrefix("v="), let expected = serverSignature,
            let given = Data(base64Encoded: String(serverFinal.dropFirst(2)))
        else { return false }
        return Array(given) == expected
    }

    static func hmac(_ key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// PBKDF2 with HMAC-SHA-256, one block.
    static func hi(_ password: [UInt8], _ salt: [UInt8], _ iterations: Int) -> [UInt8] {
        var u = hmac(password, salt + [0, 0, 0, 1])
        var result = u
        for _ in 1..<iterations {
            u = hmac(password, u)
            for i in result.indices { result[i] ^= u[i] }
        }
        return result
    }
}

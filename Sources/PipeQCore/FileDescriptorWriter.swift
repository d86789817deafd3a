#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes all of a buffer to a file descriptor with plain `write(2)`: short writes continue, a signal's
/// interruption retries, a non-blocking descriptor waits until it can take more. Errors come back as values
/// (Foundation's `FileHandle.write` traps on them: a full disk or a closed pipe killed pipeq with SIGILL).
public enum FileDescriptorWriter {
    /// A write that failed, with its `errno`.
    public struct Failure: Error, Sendable {
        public let code: Int32
        public var message: String { String(cString: strerror(code)) }
        public var isBrokenPipe: Bool { code == EPIPE }
        public init(code: Int32) { self.code = code }
    }

    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var rest = bytes
        while !rest.isEmpty {
            let n = write(fd, rest.baseAddress!, min(rest.count, 1 << 30))
            if n > 0 {
                rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            } else {
                throw Failure(code: n < 0 ? errno : EIO)
            }
        }
    }

    /// Writes the UTF-8 bytes of `text`, without copying them when the string is stored contiguously.
    public static func writeAll(_ fd: Int32, _ text: String) throws(Failure) {
        var text = text
        let result: Result<Void, Failure> = text.withUTF8 { utf8 in
            do throws(Failure) {
                try writeAll(fd, UnsafeRawBufferPointer(utf8))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }
}

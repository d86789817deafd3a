#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file descriptor to its end with plain `read(2)`, retrying when a signal interrupts the call.
/// (Foundation's `readDataToEndOfFile` traps on EINTR, which a child process's SIGCHLD can cause.)
public enum FileDescriptorReader {
    /// A read that failed, with its `errno`.
    public struct Failure: Error, Sendable {
        public let code: Int32
        public var message: String { String(cString: strerror(code)) }
    }

    /// Everything left to read on `fd`; `sizeHint` (e.g. the file's size) saves regrowing the buffer.
    /// More than `limit` bytes fail with EFBIG (a pipe that never ends).
    public static func readAll(_ fd: Int32, sizeHint: Int = 0, limit: Int = .max) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sizeHint)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                guard out.count + n <= limit else { throw Failure(code: EFBIG) }
                out.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                return out
            } else if errno != EINTR && errno != EAGAIN {
                throw Failure(code: errno)
            }
        }
    }
}

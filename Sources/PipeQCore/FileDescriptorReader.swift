#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor to its end with plain `read(2)`, retrying when a signal interrupts the call.
/// (Foundation's `readDataToEndOfFile` traps on EINTR, which a child process's SIGCHLD can cause.)
public enum FileDescriptorReader {
    public static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                out.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                return out
            } else if errno != EINTR && errno != EAGAIN {
                return out
            }
        }
    }
}

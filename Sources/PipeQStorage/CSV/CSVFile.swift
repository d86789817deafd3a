#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PipeQCore

/// Reads a whole file into memory with one `read` loop (no text decoding).
enum CSVFile {
    static func readAll(path: String) throws(Diagnostic) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ioError(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError(path) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw Diagnostic(.io, "cannot read \(path): it is a directory")
        }
        let size = max(Int(info.st_size), 0)
        var used = 0
        var failed = false
        var bytes = [UInt8].uninitialized(capacity: size) { buffer, initialized in
            while used < size {
                let n = read(fd, buffer.baseAddress! + used, size - used)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { break }
                used += n
            }
            initialized = used
        }
        if failed { throw ioError(path) }
        // Pipes and files that grew since fstat: read on until the end.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ioError(path) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    private static func ioError(_ path: String) -> Diagnostic {
        Diagnostic(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
    }
}

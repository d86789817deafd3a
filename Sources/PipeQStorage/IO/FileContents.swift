#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PipeQCore

/// A file's bytes, for the length of one load (CSV sources and snapshot files).
///
/// A large regular file is mapped read-only (`mmap`): its bytes are the page cache's own, so loading
/// neither copies the file nor asks the kernel for fresh zeroed memory the size of the file (on this
/// project's VMs fresh memory costs about 1 s per GB, more than parsing CSV). Small files, pipes and
/// anything that cannot be mapped are read with one `read` loop into a private buffer.
///
/// A file truncated by another program *while* it is mapped and being parsed makes the kernel end the
/// process (SIGBUS), as with every tool that maps its inputs; exports are written before they are
/// loaded, and snapshots are replaced by renaming, never rewritten in place. `PIPEQ_NO_MMAP=1` makes
/// pipeq read every file instead.
final class FileContents {
    /// The file's bytes; valid until `close()`.
    let bytes: UnsafeBufferPointer<UInt8>
    private let isMapped: Bool

    /// Files smaller than this are read: mapping costs more than copying them.
    static let mapThreshold = 1 << 20

    private init(bytes: UnsafeBufferPointer<UInt8>, isMapped: Bool) {
        self.bytes = bytes
        self.isMapped = isMapped
    }

    /// Opens `path` for loading: mapped when large, else read.
    static func open(path: String) throws(Diagnostic) -> FileContents {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw ioError(path) }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError(path) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw Diagnostic(.io, "cannot read \(path): it is a directory")
        }
        let size = max(Int(info.st_size), 0)
        if (info.st_mode & S_IFMT) == S_IFREG && size >= mapThreshold && getenv("PIPEQ_NO_MMAP") == nil,
           let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), mapped != MAP_FAILED {
            _ = madvise(mapped, size, MADV_SEQUENTIAL)
            return FileContents(bytes: UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size),
                           isMapped: true)
        }
        return FileContents(bytes: try read(fd, sizeHint: size, path: path), isMapped: false)
    }

    /// Releases the bytes (unmaps or frees them).
    func close() {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }

    /// Reads to the end of `fd` into a malloc'd buffer (pipes and files that grew since fstat read on).
    private static func read(_ fd: Int32, sizeHint: Int, path: String) throws(Diagnostic) -> UnsafeBufferPointer<UInt8> {
        var capacity = max(sizeHint + 1, 65_536)
        guard var buffer = malloc(capacity)?.assumingMemoryBound(to: UInt8.self) else {
            throw Diagnostic(.io, "cannot read \(path): out of memory")
        }
        var used = 0
        while true {
            if used == capacity {
                capacity *= 2
                guard let grown = realloc(buffer, capacity)?.assumingMemoryBound(to: UInt8.self) else {
                    free(buffer)
                    throw Diagnostic(.io, "cannot read \(path): out of memory")
                }
                buffer = grown
            }
            let n = Glibc.read(fd, buffer + used, capacity - used)
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let error = ioError(path)
                free(buffer)
                throw error
            }
            if n == 0 { break }
            used += n
        }
        return UnsafeBufferPointer(start: buffer, count: used)
    }

    private static func ioError(_ path: String) -> Diagnostic {
        Diagnostic(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
    }
}

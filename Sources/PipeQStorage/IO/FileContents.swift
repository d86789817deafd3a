import PipeQCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
enum FileContents {
    /// Files smaller than this are read: mapping costs more than copying them.
    static let mapThreshold = 1 << 20

    /// Calls `body` with the bytes of the file at `path`: mapped when it is a large regular file, else
    /// read to its end (pipes and files that grew since `fstat` read on). The bytes are valid only
    /// inside `body`.
    static func withBytes<R>(path: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(Diagnostic) -> R {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ioError(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError(path, errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw Diagnostic(.io, "cannot read \(path): it is a directory")
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFCHR || kind == S_IFBLK {
            // /dev/zero or /dev/urandom never end, and a disk is not a CSV.
            throw Diagnostic(
                .io, "cannot read \(path): it is a device, not a regular file",
                hint: "copy the data to a file first, or pipe it: pipeq <(command)")
        }
        let size = max(Int(info.st_size), 0)
        if (info.st_mode & S_IFMT) == S_IFREG && size >= mapThreshold && getenv("PIPEQ_NO_MMAP") == nil,
            let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), mapped != MAP_FAILED
        {
            defer { munmap(mapped, size) }
            _ = madvise(mapped, size, MADV_SEQUENTIAL)
            return body(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
        }
        let bytes: [UInt8]
        do {
            // A pipe or FIFO has no size to check first: read it up to the memory limit.
            bytes = try FileDescriptorReader.readAll(fd, sizeHint: size, limit: MemoryLimit.bytes)
        } catch {
            if error.code == EFBIG {
                throw Diagnostic(
                    .io,
                    "cannot read \(path): it holds more than the memory limit (\(MemoryLimit.describe(MemoryLimit.bytes)))",
                    hint: "save it to a file first, or raise the limit with .limit memory SIZE")
            }
            throw ioError(path, error.code)
        }
        return bytes.withUnsafeBufferPointer(body)
    }

    private static func ioError(_ path: String, _ code: Int32) -> Diagnostic {
        Diagnostic(.io, "cannot read \(path): \(String(cString: strerror(code)))")
    }
}

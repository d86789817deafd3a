import Foundation

/// The history file opened under an exclusive `flock`, so that shells sharing it append and compact one at a time:
/// a compaction re-reads what is on disk under the lock (entries other shells appended are kept) and replaces the
/// file atomically. A symlinked history is written through to its target, and a rewrite keeps the file's mode.
struct LockedHistoryFile: ~Copyable {
    let fd: Int32
    /// The file itself: the path with symlinks resolved.
    let target: String

    /// Opens and locks `path`; nil when it does not exist and `create` is false.
    /// A compaction in another shell may replace the file while this one waits for the lock:
    /// then the lock is on the old file, and the path is opened again.
    init?(path: String, create: Bool) throws {
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0), 0o600)
            guard fd >= 0 else {
                if errno == ENOENT && !create { return nil }
                throw Self.error()
            }
            var opened = stat()
            var current = stat()
            if flock(fd, LOCK_EX) == 0, fstat(fd, &opened) == 0, stat(path, &current) == 0,
                opened.st_dev == current.st_dev, opened.st_ino == current.st_ino
            {
                self.fd = fd
                self.target =
                    path.withCString { realpath($0, nil) }.map { pointer in
                        defer { free(pointer) }
                        return String(cString: pointer)
                    } ?? path
                return
            }
            close(fd)
        }
        throw POSIXError(.EBUSY)
    }

    deinit { close(fd) }

    /// Appends `line` (with its newline), on a fresh line if the file does not end with one (a write cut short
    /// by a full disk). A failed write is undone, so no partial line is left behind.
    func append(_ line: [UInt8]) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error() }
        var bytes = line
        if info.st_size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, info.st_size - 1) == 1 && last != 0x0A { bytes.insert(0x0A, at: 0) }
        }
        do {
            try Self.writeAll(fd, bytes)
        } catch {
            _ = ftruncate(fd, info.st_size)
            throw error
        }
    }

    /// The last `limit` entries on disk.
    func tail(limit: Int) throws -> HistoryTail {
        try HistoryTail(fd: fd, limit: limit)
    }

    /// Replaces the file's content with `entries`: written to a temporary file beside the target with the
    /// target's mode (and owner, when run as another user), then renamed over it.
    func replace(with entries: [String]) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error() }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(getpid()).tmp"
        let out = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0o600)
        guard out >= 0 else { throw Self.error() }
        do {
            defer { close(out) }
            guard fchmod(out, info.st_mode & 0o7777) == 0 else { throw Self.error() }
            if info.st_uid != geteuid() || info.st_gid != getegid() { _ = fchown(out, info.st_uid, info.st_gid) }
            var bytes: [UInt8] = []
            for entry in entries {
                bytes.append(contentsOf: HistoryCodec.encode(entry).utf8)
                bytes.append(0x0A)
            }
            try Self.writeAll(out, bytes)
            guard fsync(out) == 0 else { throw Self.error() }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let failure = Self.error()
            unlink(temporary)
            throw failure
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw error()
                }
                if n == 0 { throw POSIXError(.ENOSPC) }
                offset += n
            }
        }
    }

    private static func error() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}

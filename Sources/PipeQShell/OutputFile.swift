import Foundation
import PipeQCore
import PipeQStorage

#if canImport(Glibc)
    import Glibc
#endif

/// One file that results are written to, opened when `.output` (or `report -o`) names it.
///
/// - A regular file, or a new one, is written to a temporary file beside it (`NAME.pipeq-tmp-PID-N`) that
///   `commit()` renames over it, so readers see the old content or the new, never half; `discard()` removes
///   the temporary and leaves the old file as it was. The temporary is created 0600 and takes an existing
///   file's mode (and owner, where allowed), so replacing a private file keeps it private.
/// - A symbolic link is followed: the file it points to is written (atomically, by the rules here), and the
///   link stays.
/// - A device, FIFO or socket (`/dev/null`, a named pipe) is written in place, as it can't be replaced, and
///   `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` write to the descriptor pipeq already has.
public final class OutputFile {
    /// The path as given.
    let path: String
    /// Where the data goes in the end (links followed).
    let target: String
    /// The file written to before the rename; nil when written in place.
    let temporary: String?
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// The first write error; later writes are skipped and `commit()` reports it.
    private var failure: FileDescriptorWriter.Failure?
    /// The note that lets a later start remove `temporary` if this process is killed.
    private let pendingNote: String?
    /// A regular file was there before (so a failure leaves it "as it was", not "not created").
    let replacesFile: Bool

    public enum Failure: Error, CustomStringConvertible {
        case notWritable(String)
        case isFolder(String)
        case writeFailed(String, reason: String, kept: Bool)

        public var description: String {
            switch self {
            case .notWritable(let p): return "cannot write to \(p)"
            case .isFolder(let p): return "cannot write to \(p): it is a folder"
            case .writeFailed(let p, let reason, let kept):
                return "cannot write to \(p): \(reason); " + (kept ? "\(p) is left as it was" : "nothing was written")
            }
        }
    }

    init(path: String) throws(Failure) {
        self.path = path
        guard let destination = Self.followingLinks(path) else { throw .notWritable(path) }
        if case .descriptor(let inherited) = destination {
            let fd = fcntl(inherited, F_DUPFD_CLOEXEC, 3)
            guard fd >= 0 else { throw .notWritable(path) }
            self.target = path
            self.fd = fd
            (temporary, ownsDescriptor, pendingNote, replacesFile) = (nil, true, nil, false)
            return
        }
        guard case .path(let target) = destination else { throw .notWritable(path) }
        self.target = target
        var info = stat()
        let exists = stat(target, &info) == 0
        let kind = info.st_mode & S_IFMT
        if exists && kind == S_IFDIR { throw .isFolder(path) }
        if exists && kind != S_IFREG {
            // A device, FIFO or socket: written through (opening a FIFO waits for its reader, as a shell's `>` does).
            let fd = open(target, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .notWritable(path) }
            self.fd = fd
            (temporary, ownsDescriptor, pendingNote, replacesFile) = (nil, true, nil, false)
            return
        }
        let temporary = TemporaryFiles.outputTemporary(for: target)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .notWritable(path) }
        if exists {
            // Keep the file's permissions (and its owner and group when pipeq runs as root).
            _ = fchmod(fd, info.st_mode & 0o777)
            if info.st_uid != geteuid() || info.st_gid != getegid() { _ = fchown(fd, info.st_uid, info.st_gid) }
        }
        self.temporary = temporary
        self.fd = fd
        ownsDescriptor = true
        replacesFile = exists
        let absolute =
            temporary.hasPrefix("/")
            ? temporary
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(temporary)
        pendingNote = PendingOutputs.record(absolute, in: SnapshotCache.standard())
        Self.removeAbandonedTemporaries(beside: target)
    }

    func write(_ text: String) {
        guard failure == nil else { return }
        do throws(FileDescriptorWriter.Failure) {
            try FileDescriptorWriter.writeAll(fd, text)
        } catch {
            failure = error
        }
    }

    /// Puts the written data in place: renames the temporary over the target (or, in place, just closes).
    func commit() throws(Failure) {
        let closed = !ownsDescriptor || close(fd) == 0 || errno == EINTR
        if failure == nil && !closed { failure = FileDescriptorWriter.Failure(code: errno) }
        guard let temporary else {
            if let failure { throw .writeFailed(path, reason: failure.message, kept: false) }
            return
        }
        defer { PendingOutputs.forget(pendingNote) }
        if failure == nil && rename(temporary, target) != 0 { failure = FileDescriptorWriter.Failure(code: errno) }
        if let failure {
            unlink(temporary)
            throw .writeFailed(path, reason: failure.message, kept: replacesFile)
        }
    }

    /// Drops what was written: the temporary goes and the file stays as it was. In place, what was written stays.
    func discard() {
        if ownsDescriptor { close(fd) }
        if let temporary { unlink(temporary) }
        PendingOutputs.forget(pendingNote)
    }

    /// The descriptor a path names when it is one of the process's own: `/dev/stdout`, `/dev/stderr`,
    /// `/dev/fd/N`, `/proc/self/fd/N`. Reopening those would truncate or replace what the shell redirected to.
    public static func standardStream(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let fd = Int32(path.dropFirst(prefix.count)), fd >= 0 { return fd }
            }
            return nil
        }
    }

    enum Destination {
        case path(String)
        case descriptor(Int32)
    }

    /// True when `path` leads to standard output (`/dev/stdout`, or a link to it).
    public static func isStandardOutput(_ path: String) -> Bool {
        if case .descriptor(STDOUT_FILENO) = followingLinks(path) { return true }
        return false
    }

    /// `path` with symbolic links at its end followed (a link to a link, a link to a file not yet made), or the
    /// descriptor a step names (`out.html -> /dev/stdout`); nil for a loop.
    static func followingLinks(_ path: String) -> Destination? {
        var current = path
        for _ in 0..<40 {
            if let fd = standardStream(current) { return .descriptor(fd) }
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return .path(current) }
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                return nil
            }
            current =
                destination.hasPrefix("/")
                ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return nil
    }

    /// Removes temporaries of `target` that killed pipeq processes left beside it (one listing of its folder).
    static func removeAbandonedTemporaries(beside target: String, now: Date = Date()) {
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent + TemporaryFiles.outputInfix
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else {
            return
        }
        for other in names where other.hasPrefix(name) {
            guard let pid = TemporaryFiles.writer(of: other, infix: TemporaryFiles.outputInfix) else { continue }
            let path = (folder as NSString).appendingPathComponent(other)
            if TemporaryFiles.isAbandoned(path, writer: pid, now: now) { unlink(path) }
        }
    }
}

import Foundation

/// A note in the cache folder for each output file being written (`output-PID-N.pending`, holding the path of
/// its temporary file), so that start-up finds the temporaries of killed runs wherever they were written, in
/// the same one listing of the cache folder that finds abandoned snapshot temporaries.
public enum PendingOutputs {
    static let prefix = "output-"
    static let suffix = ".pending"

    /// Notes that `temporary` is being written by this process; returns the note's path (nil when the cache
    /// is off or can't be written: the temporary is then only cleaned up by a later `.output` beside it).
    public static func record(_ temporary: String, in cache: SnapshotCache?) -> String? {
        guard let cache, cache.createDirectory() else { return nil }
        let note = (cache.directory as NSString).appendingPathComponent(
            prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))" + suffix)
        let fd = open(note, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        let written = Array(temporary.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) == $0.count }
        close(fd)
        if !written {
            unlink(note)
            return nil
        }
        return note
    }

    /// The output was renamed into place or removed: its note goes.
    public static func forget(_ note: String?) {
        if let note { unlink(note) }
    }

    /// For a note (by file name) in `directory` whose process is gone: removes the temporary file it names when
    /// that is abandoned, then the note (a note whose temporary is still recent stays for a later start).
    static func removeIfAbandoned(name: String, in directory: String, now: Date) {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return }
        guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0 else { return }
        if kill(pid, 0) == 0 || errno != ESRCH { return }
        let note = (directory as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: note), let temporary = String(data: data, encoding: .utf8)
        else { return }
        // Only ever a file of the dead writer's own naming (never whatever a damaged note might name).
        if TemporaryFiles.writer(of: (temporary as NSString).lastPathComponent, infix: TemporaryFiles.outputInfix)
            == pid
        {
            var info = stat()
            if lstat(temporary, &info) == 0 {
                guard TemporaryFiles.isAbandoned(temporary, writer: pid, now: now) else { return }
                unlink(temporary)
            }
        }
        unlink(note)
    }
}

import Foundation

/// Temporary files pipeq writes beside their final name and renames into place (snapshots,
/// `NAME.pqcol.tmp-PID-N`; `.output` and report files, `NAME.pipeq-tmp-PID-N`), and when one that a killed
/// process left behind may be removed.
public enum TemporaryFiles {
    /// What an output file's temporary name adds to the final name, before the writer's PID.
    public static let outputInfix = ".pipeq-tmp-"
    static let snapshotInfix = ".pqcol.tmp-"

    /// A fresh temporary name beside `path` for this process.
    public static func outputTemporary(for path: String) -> String {
        path + outputInfix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The writer's PID in a temporary file's name: the number after `infix`.
    public static func writer(of name: String, infix: String) -> Int32? {
        guard let marker = name.range(of: infix, options: .backwards) else { return nil }
        guard let pid = name[marker.upperBound...].split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else {
            return nil
        }
        return pid
    }

    /// True when `path` is a regular file whose writer (`pid`) no longer exists and which nobody has written to
    /// for `abandonedAfter` seconds. A live writer's file is never touched: its PID exists, and it keeps the
    /// modification time fresh (the age also covers a writer in another PID namespace sharing the folder).
    public static func isAbandoned(_ path: String, writer pid: Int32, now: Date) -> Bool {
        if kill(pid, 0) == 0 || errno != ESRCH { return false }  // alive (or not ours to ask about)
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            && now.timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > abandonedAfter
    }

    /// Seconds without a write after which a dead process's temporary file counts as abandoned.
    static let abandonedAfter: Double = 600
}

import Foundation
import PipeQPostgres

/// The shell's history: entries in memory and, when a path is given, a file each entry is appended to as
/// soon as it is entered (so a killed shell loses nothing), kept to the last `capacity` entries. Shells sharing the
/// file take turns through a lock (`LockedHistoryFile`); start-up reads only the file's tail (`HistoryTail`).
/// A file that cannot be read or written never stops the shell: it says so once and keeps history in memory.
public final class ShellHistory: @unchecked Sendable {
    /// Most entries kept in the file and in memory.
    public static let capacity = 10_000

    /// The file, or nil when history is not saved (`--no-history`, or after a problem).
    public private(set) var path: String?
    public private(set) var entries: [String] = []
    /// Why the file is not used, when it is not (already printed once).
    public private(set) var problem: String?
    private let report: (String) -> Void

    /// Loads the last entries of the file at `path` (nil: memory only). `report` receives a problem message, at
    /// most once, and one-line notes (damaged entries skipped, an entry too long to save).
    public init(path: String?, report: @escaping (String) -> Void = { writeError("pipeq: " + $0 + "\n") }) {
        self.path = path
        self.report = report
        guard let path else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                disable("history file \(path) is a folder; history will not be saved")
                return
            }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                disable("cannot read history file \(path); history will not be saved")
                return
            }
            defer { close(fd) }
            guard let tail = try? HistoryTail(fd: fd, limit: Self.capacity) else {
                disable("cannot read history file \(path); history will not be saved")
                return
            }
            if tail.entries.isEmpty && tail.damaged > 0 {
                disable(
                    "history file \(path) is not text (corrupt?); history will not be saved — move it away to start afresh"
                )
                return
            }
            entries = tail.entries
            if let warning = tail.warning(path: path) { report(warning) }
            if !FileManager.default.isWritableFile(atPath: path) {
                disable("history file \(path) is not writable; history will not be saved")
                return
            }
            if tail.needsRewrite { compact() }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    // History is user data: folders created for it are private.
                    try FileManager.default.createDirectory(
                        atPath: folder, withIntermediateDirectories: true,
                        attributes: [.posixPermissions: 0o700])
                } catch {
                    disable("cannot create \(folder) for the history file; history will not be saved")
                }
            }
        }
    }

    /// Records an entry (not a repeat of the last one) and appends it to the file at once, under the file's lock.
    /// An entry longer than `HistoryTail.maxEntryBytes` stays in memory for this session but is not saved (noted once
    /// per entry). Returns false when it was a repeat and so not recorded.
    @discardableResult
    public func add(_ entry: String) -> Bool {
        // A database URI's password is never kept.
        let entry = PostgresTarget.redacted(entry)
        guard !entry.isEmpty, entries.last != entry else { return false }
        entries.append(entry)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        guard let path else { return true }
        var line = Array(HistoryCodec.encode(entry).utf8)
        guard line.count <= HistoryTail.maxEntryBytes else {
            let size = line.count >= 1 << 20 ? "\(line.count >> 20) MB" : "\(line.count >> 10) KiB"
            report(
                "this entry is \(size): entries over \(HistoryTail.maxEntryBytes >> 10) KiB are not saved to history")
            return true
        }
        line.append(0x0A)
        do {
            guard let file = try LockedHistoryFile(path: path, create: true) else { return true }
            try file.append(line)
        } catch {
            disable("cannot write history file \(path): \(Self.describe(error)); history will not be saved")
        }
        return true
    }

    /// Trims the file to the last `capacity` entries (at start when it holds more, and at exit). It merges with what
    /// is on disk: under the file's lock it re-reads the file's last entries, so entries other shells appended since
    /// this one started are kept, and replaces the file atomically (keeping its mode; through a symlink).
    public func compact() {
        guard let path else { return }
        do {
            guard let file = try LockedHistoryFile(path: path, create: false) else { return }
            let tail = try file.tail(limit: Self.capacity)
            guard tail.needsRewrite, !(tail.entries.isEmpty && tail.damaged > 0) else { return }
            try file.replace(with: tail.entries)
        } catch {
            disable("cannot rewrite history file \(path): \(Self.describe(error)); history will not be saved")
        }
    }

    /// True when the file holds more than `capacity` entries (other shells may have appended too) or lines that
    /// cannot be read back. Reads only the file's tail.
    public var needsCompaction: Bool {
        guard let path else { return false }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return (try? HistoryTail(fd: fd, limit: Self.capacity))?.needsRewrite ?? false
    }

    private static func describe(_ error: Error) -> String {
        (error as? POSIXError).map { String(cString: strerror($0.code.rawValue)) } ?? "\(error)"
    }

    private func disable(_ message: String) {
        path = nil
        if problem == nil {
            problem = message
            report(message)
        }
    }
}

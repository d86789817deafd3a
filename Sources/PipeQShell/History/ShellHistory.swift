import Foundation

/// The shell's history: entries in memory and, when a path is given, a file each entry is appended to as
/// soon as it is entered (so a killed shell loses nothing), kept to the last `capacity` entries.
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

    /// Loads the file at `path` (nil: memory only). `report` receives a problem message, at most once.
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
            guard let data = FileManager.default.contents(atPath: path) else {
                disable("cannot read history file \(path); history will not be saved")
                return
            }
            guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
                disable("history file \(path) is not text (corrupt?); history will not be saved — move it away to start afresh")
                return
            }
            entries = text.split(separator: "\n").map(HistoryCodec.decode)
            if entries.count > Self.capacity {
                entries.removeFirst(entries.count - Self.capacity)
                compact()
            }
            if !FileManager.default.isWritableFile(atPath: path) {
                disable("history file \(path) is not writable; history will not be saved")
            }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    disable("cannot create \(folder) for the history file; history will not be saved")
                }
            }
        }
    }

    /// Records an entry (not a repeat of the last one) and appends it to the file at once.
    /// Returns false when it was a repeat and so not recorded.
    @discardableResult
    public func add(_ entry: String) -> Bool {
        guard !entry.isEmpty, entries.last != entry else { return false }
        entries.append(entry)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        guard let path else { return true }
        let line = HistoryCodec.encode(entry) + "\n"
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            disable("cannot write history file \(path): \(String(cString: strerror(errno))); history will not be saved")
            return true
        }
        defer { close(fd) }
        let written = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        if written != line.utf8.count {
            disable("cannot write history file \(path); history will not be saved")
        }
        return true
    }

    /// Rewrites the file with at most `capacity` entries (at start when it has grown past it, and at exit).
    public func compact() {
        guard let path else { return }
        let text = entries.suffix(Self.capacity).map { HistoryCodec.encode($0) + "\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            disable("cannot rewrite history file \(path); history will not be saved")
        }
    }

    /// True when the file holds more than `capacity` lines (other shells may have appended too).
    public var needsCompaction: Bool { path != nil && fileLineCount() > Self.capacity }

    private func fileLineCount() -> Int {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private func disable(_ message: String) {
        path = nil
        if problem == nil {
            problem = message
            report(message)
        }
    }
}

import Synchronization

/// How far loading has got, for a progress display: the file being read, bytes and rows so far. The loader
/// updates it (from its parsing threads); an observer (the shell's progress line) reads `current` as often as
/// it draws. No timing and no terminal here: whether and how to show it is the observer's business.
public final class LoadProgress: Sendable {
    /// What the loader is doing with the file.
    public enum Phase: Sendable, Equatable {
        /// Parsing the CSV text (bytes and rows advance).
        case parsing
        /// Typing and merging the parsed columns, after the last byte was read.
        case building
        /// Reading the file's snapshot from the cache.
        case readingSnapshot
        /// Writing the file's snapshot to the cache (in the background; exit waits for it).
        case writingSnapshot
    }

    /// One look at the progress.
    public struct Snapshot: Sendable, Equatable {
        /// The file's path as given.
        public var file: String
        public var phase: Phase
        public var bytesDone: Int
        public var bytesTotal: Int
        public var rows: Int

        public init(file: String, phase: Phase, bytesDone: Int, bytesTotal: Int, rows: Int) {
            (self.file, self.phase, self.bytesDone, self.bytesTotal, self.rows) = (
                file, phase, bytesDone, bytesTotal, rows
            )
        }
    }

    private let state = Mutex<(file: String, phase: Phase, total: Int)?>(nil)
    private let bytes = Atomic<Int>(0)
    private let rows = Atomic<Int>(0)

    public init() {}

    /// Starts a file (or a new phase of one): `total` bytes to go through.
    public func begin(file: String, phase: Phase, totalBytes: Int) {
        state.withLock { $0 = (file, phase, totalBytes) }
        bytes.store(0, ordering: .relaxed)
        if phase != .building { rows.store(0, ordering: .relaxed) }
    }

    /// Moves to another phase of the same file, keeping the counts.
    public func enter(_ phase: Phase) {
        state.withLock { if $0 != nil { $0!.phase = phase } }
    }

    /// Adds bytes read and rows parsed (from any thread).
    public func advance(bytes count: Int, rows parsed: Int) {
        bytes.add(count, ordering: .relaxed)
        rows.add(parsed, ordering: .relaxed)
    }

    /// The file is done.
    public func end() {
        state.withLock { $0 = nil }
    }

    /// True between `begin` and `end`.
    public var isActive: Bool { state.withLock { $0 != nil } }

    /// Where loading is now; nil between files.
    public var current: Snapshot? {
        guard let (file, phase, total) = state.withLock({ $0 }) else { return nil }
        let done = bytes.load(ordering: .relaxed)
        return Snapshot(
            file: file, phase: phase, bytesDone: total > 0 ? min(total, done) : done, bytesTotal: total,
            rows: rows.load(ordering: .relaxed))
    }
}

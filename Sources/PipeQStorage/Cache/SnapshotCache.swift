import Foundation
import PipeQCore
import Synchronization

/// A compact binary copy of a loaded CSV table, so reopening a large dataset skips parsing.
///
/// Kept in `$PIPEQ_CACHE` or `$XDG_CACHE_HOME/pipeq` (default `~/.cache/pipeq`), one file per source
/// path. A snapshot is used only when its header names the same source path, size, modification and change
/// times, device and inode, and its checksum matches; anything else (stale, truncated, damaged, another
/// version) is ignored and rewritten. Files are written to a temporary name and renamed, so a crash never
/// leaves half a snapshot. The folder is kept under `$PIPEQ_CACHE_MAX` bytes (see `CacheLimit`).
public struct SnapshotCache: Sendable {
    /// Sources smaller than this parse faster than a snapshot is worth.
    public static let minimumSourceBytes = 8 << 20
    static let magic: UInt64 = 0x3130_4C4F_4351_5150  // "PQQCOL01"
    // 2: four-lane checksum; 3: dictionary codes 1, 2 or 4 bytes wide; 4: a dictionary says whether it is distinct;
    // 5: CRC-32C checksum; 6: the stamp has the change time, device and inode
    static let version: UInt32 = 6

    public let directory: String
    /// The most the folder's snapshots may take together; least recently used ones go to make room.
    public let maximumBytes: UInt64

    public init(directory: String, maximumBytes: UInt64 = CacheLimit.defaultBytes) {
        self.directory = directory
        self.maximumBytes = maximumBytes
    }

    /// The default location, or nil when caching is turned off (`PIPEQ_CACHE=off`).
    public static func standard() -> SnapshotCache? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["PIPEQ_CACHE"], !explicit.isEmpty {
            return explicit == "off"
                ? nil : SnapshotCache(directory: explicit, maximumBytes: CacheLimit.fromEnvironment())
        }
        // $HOME before the password file's home (which Foundation's NSHomeDirectory reads for root).
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let base =
            env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home as NSString).appendingPathComponent(".cache")
        return SnapshotCache(
            directory: (base as NSString).appendingPathComponent("pipeq"), maximumBytes: CacheLimit.fromEnvironment())
    }

    /// The snapshot file for a source path.
    public func snapshotPath(for source: String) -> String {
        let absolute = Self.absolute(source)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in absolute.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let name = (absolute as NSString).lastPathComponent
        return (directory as NSString).appendingPathComponent("\(name)-\(String(h, radix: 16)).pqcol")
    }

    /// What identifies a source's content for the cache: its path, size, modification time, and the change
    /// time, device and inode, which an edit that restores size and modification time (`touch -r`, a copy
    /// with `cp -p`, a same-size rewrite within the clock's tick) still moves. Not a content hash: reading
    /// the whole CSV to hash it would cost what the snapshot saves.
    struct SourceStamp: Equatable {
        var path: String
        var size: UInt64
        var modified: Int64  // nanoseconds since 1970
        var changed: Int64  // nanoseconds since 1970 (st_ctime: no call sets it back)
        var device: UInt64
        var inode: UInt64

        init?(_ source: String) {
            var info = stat()
            guard stat(source, &info) == 0 else { return nil }
            path = SnapshotCache.absolute(source)
            size = UInt64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }

        init(path: String, size: UInt64, modified: Int64, changed: Int64, device: UInt64, inode: UInt64) {
            (self.path, self.size, self.modified, self.changed, self.device, self.inode) = (
                path, size, modified, changed, device, inode
            )
        }
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.standardizedFileURL.path
    }

    /// The cached table for `source`, when a valid snapshot of its current content exists. A snapshot used
    /// gets a fresh modification time: eviction goes by it (access times are often not kept). `progress` is told
    /// the bytes read as each column is copied.
    public func load(source: String, tableName: String, progress: LoadProgress? = nil) -> Table? {
        // Mapped, not read: the columns are copied once, from the page cache into their arrays.
        guard let stamp = SourceStamp(source) else { return nil }
        let path = snapshotPath(for: source)
        let table = try? FileContents.withBytes(path: path) { bytes -> Table? in
            let raw = UnsafeRawBufferPointer(bytes)
            guard raw.count > 8 else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)])
            let stored = raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self)
            guard UInt64(littleEndian: stored) == checksum(body) else { return nil }
            var reader = BinaryReader(body)
            return try? SnapshotFormat.read(
                &reader, expecting: stamp, tableName: tableName, sourcePath: source, progress: progress)
        }
        guard let table = table ?? nil else { return nil }
        utimensat(AT_FDCWD, path, nil, 0)
        return table
    }

    /// Writes a snapshot of `table`, loaded from `source`, on a background thread: the data can be
    /// queried meanwhile (a 10M-deal dataset's snapshot is about 2 GB, seconds of disk writing).
    /// `finishWrites()` waits for it; the process calls that before it exits. Failures are ignored:
    /// the cache is an optimisation.
    public func store(_ table: Table, source: String) {
        Self.writes.enter()
        Self.pendingWrites.add(1, ordering: .sequentiallyConsistent)
        Thread.detachNewThread { [self] in
            defer {
                if Self.pendingWrites.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 {
                    Self.writeProgress.end()
                }
                Self.writes.leave()
            }
            write(table, source: source)
        }
    }

    /// Waits for the snapshots being written in the background.
    public static func finishWrites() {
        writes.wait()
    }

    /// True while snapshots are being written in the background.
    public static var isWriting: Bool { pendingWrites.load(ordering: .sequentiallyConsistent) > 0 }

    /// How far the background writes have got (the file last started, the bytes written), for a progress line
    /// while exit waits for them.
    public static let writeProgress = LoadProgress()

    private static let writes = DispatchGroup()
    private static let pendingWrites = Atomic<Int>(0)

    /// Writes straight from the columns to a temporary file, then renames it into place. The folder is created
    /// 0700 and the file 0600: a snapshot holds the source's data, which may be private.
    func write(_ table: Table, source: String, progress: LoadProgress = SnapshotCache.writeProgress) {
        guard let stamp = SourceStamp(source), createDirectory() else { return }
        let target = snapshotPath(for: source)
        let temporary = target + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        progress.begin(file: source, phase: .writingSnapshot, totalBytes: 0)
        let writer = BinaryFileWriter(fd: fd, progress: progress)
        SnapshotFormat.write(table, stamp: stamp, to: writer)
        writer.finish()
        var info = stat()
        let closed = fstat(fd, &info) == 0 && close(fd) == 0
        let fits =
            closed
            && CacheLimit.makeRoom(in: directory, for: UInt64(info.st_size), replacing: target, limit: maximumBytes)
        if writer.failed || !closed || !fits || rename(temporary, target) != 0 {
            unlink(temporary)
        }
    }

    /// Creates the cache folder (and any missing parents) private to the user; true when it exists.
    func createDirectory() -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) { return isDirectory.boolValue }
        return
            (try? FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])) != nil
    }

    /// Removes what pipeq processes killed while writing left behind, with one listing of the cache folder:
    /// temporary snapshots (`NAME.pqcol.tmp-PID-…`, 1.5 GB for a 10M-deal dataset) and, through the notes of
    /// `PendingOutputs`, `.output` and report temporaries wherever they were written. Only files whose
    /// process is gone and which nobody has written to for `abandonedAfter` seconds go (see
    /// `TemporaryFiles.isAbandoned`). Run at start-up; a missing folder costs one failed `opendir`.
    public func removeAbandonedTemporaries(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            if let pid = TemporaryFiles.writer(of: name, infix: TemporaryFiles.snapshotInfix) {
                let path = (directory as NSString).appendingPathComponent(name)
                if TemporaryFiles.isAbandoned(path, writer: pid, now: now) { unlink(path) }
            } else {
                PendingOutputs.removeIfAbandoned(name: name, in: directory, now: now)
            }
        }
    }
}

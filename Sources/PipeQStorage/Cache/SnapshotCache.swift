import Foundation
import PipeQCore

/// A compact binary copy of a loaded CSV table, so reopening a large dataset skips parsing.
///
/// Kept in `$PIPEQ_CACHE` or `$XDG_CACHE_HOME/pipeq` (default `~/.cache/pipeq`), one file per source
/// path. A snapshot is used only when its header names the same source path, size and modification time
/// and its checksum matches; anything else (stale, truncated, damaged, another version) is ignored and
/// rewritten. Files are written to a temporary name and renamed, so a crash never leaves half a snapshot.
public struct SnapshotCache: Sendable {
    /// Sources smaller than this parse faster than a snapshot is worth.
    public static let minimumSourceBytes = 8 << 20
    static let magic: UInt64 = 0x3130_4C4F_4351_5150 // "PQQCOL01"
    static let version: UInt32 = 1

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The default location, or nil when caching is turned off (`PIPEQ_CACHE=off`).
    public static func standard() -> SnapshotCache? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["PIPEQ_CACHE"], !explicit.isEmpty {
            return explicit == "off" ? nil : SnapshotCache(directory: explicit)
        }
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        return SnapshotCache(directory: (base as NSString).appendingPathComponent("pipeq"))
    }

    /// The snapshot file for a source path.
    public func snapshotPath(for source: String) -> String {
        let absolute = Self.absolute(source)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in absolute.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let name = (absolute as NSString).lastPathComponent
        return (directory as NSString).appendingPathComponent("\(name)-\(String(h, radix: 16)).pqcol")
    }

    /// What identifies a source's content for the cache: its path, size and modification time.
    struct SourceStamp: Equatable {
        var path: String
        var size: UInt64
        var modified: Int64 // nanoseconds since 1970

        init?(_ source: String) {
            var info = stat()
            guard stat(source, &info) == 0 else { return nil }
            path = SnapshotCache.absolute(source)
            size = UInt64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        }

        init(path: String, size: UInt64, modified: Int64) {
            self.path = path
            self.size = size
            self.modified = modified
        }
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.standardizedFileURL.path
    }

    /// The cached table for `source`, when a valid snapshot of its current content exists.
    public func load(source: String, tableName: String) -> Table? {
        guard let stamp = SourceStamp(source), let data = FileManager.default.contents(atPath: snapshotPath(for: source)) else { return nil }
        return data.withUnsafeBytes { raw -> Table? in
            guard raw.count > 8 else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)])
            let stored = raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self)
            guard UInt64(littleEndian: stored) == checksum(body) else { return nil }
            var reader = BinaryReader(body)
            return try? SnapshotFormat.read(&reader, expecting: stamp, tableName: tableName, sourcePath: source)
        }
    }

    /// Writes a snapshot of `table`, loaded from `source`. Failures are ignored: the cache is an optimisation.
    public func store(_ table: Table, source: String) {
        guard let stamp = SourceStamp(source) else { return }
        var writer = BinaryWriter(reserving: table.byteSize + 4096)
        SnapshotFormat.write(table, stamp: stamp, to: &writer)
        var bytes = writer.bytes
        let sum = bytes.withUnsafeBytes { checksum($0) }
        withUnsafeBytes(of: sum.littleEndian) { bytes.append(contentsOf: $0) }
        let target = snapshotPath(for: source)
        let temporary = target + ".tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, target) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }
}

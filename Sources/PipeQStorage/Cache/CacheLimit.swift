import Foundation

/// How big the snapshot folder may grow (`PIPEQ_CACHE_MAX`, e.g. `500M`, `4G`; default 4 GiB), and making room
/// for a new snapshot: snapshots whose source file is gone are removed, then the least recently used (by
/// modification time, which `SnapshotCache.load` refreshes) until the new one fits. A snapshot larger than
/// the whole limit is not kept.
public enum CacheLimit {
    public static let defaultBytes: UInt64 = 4 << 30

    /// Bytes from `123`, `64K`, `500M`, `4G` or `1T` (powers of 1024, case-insensitive, an optional trailing
    /// `B` or `iB`); nil for anything else.
    public static func parse(_ text: String) -> UInt64? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        if digits.hasSuffix("IB") { digits.removeLast(2) } else if digits.hasSuffix("B") { digits.removeLast() }
        var shift: UInt64 = 0
        if let unit = digits.last, let power = ["K": 10, "M": 20, "G": 30, "T": 40][String(unit)] {
            shift = UInt64(power)
            digits.removeLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = UInt64(digits),
            number <= UInt64.max >> shift
        else { return nil }
        return number << shift
    }

    /// `PIPEQ_CACHE_MAX`, or the default when it is unset or not a size.
    static func fromEnvironment() -> UInt64 {
        ProcessInfo.processInfo.environment["PIPEQ_CACHE_MAX"].flatMap(parse) ?? defaultBytes
    }

    /// Removes snapshots in `directory` until one of `bytes` fits under `limit` (the snapshot at `replacing`,
    /// about to be replaced, doesn't count); false when it can't fit at all. One listing and one `lstat` a
    /// file; a snapshot's header is read only to see whether its source still exists.
    static func makeRoom(in directory: String, for bytes: UInt64, replacing target: String, limit: UInt64) -> Bool {
        guard bytes <= limit else { return false }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var kept: [(path: String, size: UInt64, used: Int64)] = []
        var total = bytes
        for name in names where name.hasSuffix(".pqcol") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard path != target else { continue }
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if let source = sourcePath(ofSnapshot: path), access(source, F_OK) != 0, errno == ENOENT {
                unlink(path)
                continue
            }
            kept.append(
                (path, UInt64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)))
            total += UInt64(info.st_size)
        }
        for snapshot in kept.sorted(by: { $0.used < $1.used }) where total > limit {
            if unlink(snapshot.path) == 0 || errno == ENOENT { total -= snapshot.size }
        }
        return total <= limit
    }

    /// The source path a snapshot's header names (magic, version, then the path), or nil when it isn't one.
    static func sourcePath(ofSnapshot path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16 + 4_096)
        let n = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n >= 16 else { return nil }
        return header.withUnsafeBytes { raw -> String? in
            guard UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) == SnapshotCache.magic else { return nil }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
            guard length > 0, 16 + length <= n else { return nil }
            return String(decoding: raw[16..<(16 + length)], as: UTF8.self)
        }
    }
}

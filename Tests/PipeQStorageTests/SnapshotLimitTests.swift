import Foundation
import Testing

@testable import PipeQStorage

/// Snapshots notice edits that keep size and modification time, say when a table came from one, and stay
/// under the cache's size limit.
@Suite struct SnapshotLimitTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-limit-\(UUID().uuidString)")
        .path

    func source(_ name: String, rows: Int = 3) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        let text = "id,name\n" + (1...rows).map { "\($0),deal \($0)\n" }.joined()
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func cache(limit: UInt64 = CacheLimit.defaultBytes) -> SnapshotCache {
        SnapshotCache(directory: directory + "/cache", maximumBytes: limit)
    }

    func setModified(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    /// An edit of the same size with the modification time put back (`touch -r`) moves the change time: the
    /// snapshot is not served (it was, with the old values).
    @Test func anEditKeepingSizeAndModificationTimeIsNoticed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source("deals.csv")
        var info = stat()
        try #require(stat(path, &info) == 0)
        cache().write(try CSVLoader.load(path: path), source: path)
        #expect(cache().load(source: path, tableName: "deals") != nil)
        usleep(20_000)
        try "id,name\n1,DEAL 1\n2,deal 2\n3,deal 3\n".write(toFile: path, atomically: false, encoding: .utf8)
        var times = [info.st_atim, info.st_mtim]  // to the nanosecond, as `touch -r` does
        try #require(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        try #require(
            stat(path, &after) == 0 && after.st_size == info.st_size && after.st_mtim.tv_nsec == info.st_mtim.tv_nsec)
        #expect(cache().load(source: path, tableName: "deals") == nil)
    }

    /// `--schema` and `.schema` show load notes: a table read from a snapshot says so.
    @Test func aTableFromASnapshotSaysSo() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source("deals.csv")
        let parsed = try DatasetLoader.load(paths: [path], cache: cache())
        #expect(!parsed.notes.contains { $0.contains("snapshot") })
        cache().write(try CSVLoader.load(path: path), source: path)
        let cached = try DatasetLoader.load(paths: [path], cache: cache())
        #expect(
            cached.notes.contains {
                $0.hasPrefix("deals: read from its snapshot in the cache (deals.csv has the same size")
            }, "\(cached.notes)")
    }

    /// Over the limit, the least recently used snapshot goes; using one (`load`) makes it recent.
    @Test func theLeastRecentlyUsedSnapshotIsEvicted() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, b, c) = (try source("a.csv"), try source("b.csv"), try source("c.csv"))
        cache().write(try CSVLoader.load(path: a), source: a)
        let size = try #require(
            FileManager.default.attributesOfItem(atPath: cache().snapshotPath(for: a))[.size] as? UInt64)
        let limited = cache(limit: size * 5 / 2)  // room for two
        limited.write(try CSVLoader.load(path: b), source: b)
        try setModified(limited.snapshotPath(for: a), Date().addingTimeInterval(-7_200))
        try setModified(limited.snapshotPath(for: b), Date().addingTimeInterval(-3_600))
        #expect(limited.load(source: a, tableName: "a") != nil)  // a is now the most recent
        limited.write(try CSVLoader.load(path: c), source: c)
        let present = [a, b, c].map { FileManager.default.fileExists(atPath: limited.snapshotPath(for: $0)) }
        #expect(present == [true, false, true])
    }

    /// A snapshot whose source file is gone is removed when another is written, whatever the room.
    @Test func snapshotsOfDeletedSourcesAreRemoved() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (gone, kept, new) = (try source("gone.csv"), try source("kept.csv"), try source("new.csv"))
        for path in [gone, kept] { cache().write(try CSVLoader.load(path: path), source: path) }
        try FileManager.default.removeItem(atPath: gone)
        cache().write(try CSVLoader.load(path: new), source: new)
        let present = [gone, kept, new].map { FileManager.default.fileExists(atPath: cache().snapshotPath(for: $0)) }
        #expect(present == [false, true, true])
    }

    /// A snapshot bigger than the whole limit is not kept.
    @Test func aSnapshotLargerThanTheLimitIsNotKept() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source("deals.csv", rows: 1_000)
        cache(limit: 1_024).write(try CSVLoader.load(path: path), source: path)
        #expect(!FileManager.default.fileExists(atPath: cache().snapshotPath(for: path)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache().directory).isEmpty)
    }

    @Test func cacheMaxTakesSuffixes() {
        #expect(CacheLimit.parse("4G") == 4 << 30)
        #expect(CacheLimit.parse("500m") == 500 << 20)
        #expect(CacheLimit.parse("64KiB") == 64 << 10)
        #expect(CacheLimit.parse("12345") == 12_345)
        #expect(CacheLimit.parse("1.5G") == nil)
        #expect(CacheLimit.parse("lots") == nil)
        #expect(CacheLimit.parse("") == nil)
        #expect(CacheLimit.parse("99999999999T") == nil)
    }
}

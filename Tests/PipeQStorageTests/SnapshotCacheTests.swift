import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// Snapshots give back exactly the table that was stored, and are never trusted when stale or damaged.
@Suite struct SnapshotCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-cache-\(UUID().uuidString)")
        .path

    func source(_ text: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/deals.csv"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static let csv = """
        id,name,amount,won,created,changed,score
        1,Acme,12.5,true,2026-01-05,2026-01-05 10:00:00,7
        2,"Globex, Inc",,false,2026-02-10,2026-02-10T11:30:00.25,
        3,Ünïcødé 🚀,3,yes,,2026-03-01 00:00:00,9

        """

    func cache() -> SnapshotCache { SnapshotCache(directory: directory + "/cache") }

    func render(_ table: Table) -> [String] {
        (0..<table.rowCount).map { row in
            table.fields.map { "\($0.name):\($0.type.rawValue)=\($0.column.value(at: row))" }.joined(separator: " ")
        }
    }

    /// A killed writer's temporary file is removed by the start-up sweep once it is old and its process is gone;
    /// a live process's, a recent one and other files stay.
    @Test func abandonedTemporaryFilesAreRemovedByTheSweep() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dir = cache().directory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let gone = finished.processIdentifier  // exited and reaped: no such process now
        let old = Date().addingTimeInterval(-3_600)
        func make(_ name: String, modified: Date) throws -> String {
            let file = dir + "/" + name
            try Data("partial".utf8).write(to: URL(fileURLWithPath: file))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
            return file
        }
        let abandoned = try make("deals.csv-1.pqcol.tmp-\(gone)-42", modified: old)
        let recent = try make("deals.csv-2.pqcol.tmp-\(gone)-43", modified: Date())
        let live = try make("deals.csv-3.pqcol.tmp-\(getpid())-44", modified: old)
        let other = try make("notes.txt", modified: old)
        cache().removeAbandonedTemporaries()
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        for kept in [recent, live, other] { #expect(FileManager.default.fileExists(atPath: kept), "\(kept)") }
    }

    @Test func roundTripKeepsEveryTypeValueAndNull() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        let table = try CSVLoader.load(path: path)
        cache().write(table, source: path)
        let restored = try #require(cache().load(source: path, tableName: "deals"))
        #expect(restored.fields.map(\.info.header) == table.fields.map(\.info.header))
        #expect(render(restored) == render(table))
        #expect(restored.fields.map { $0.column.nullCount } == table.fields.map { $0.column.nullCount })
    }

    @Test func aChangedSourceIsNotServedFromTheCache() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        cache().write(try CSVLoader.load(path: path), source: path)
        try (Self.csv + "4,Initech,1,no,2026-04-01,2026-04-01 09:00:00,1\n").write(
            toFile: path, atomically: false, encoding: .utf8)
        #expect(cache().load(source: path, tableName: "deals") == nil)
    }

    @Test(arguments: ["flip", "truncate", "empty", "version"])
    func aDamagedSnapshotIsIgnored(_ damage: String) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        cache().write(try CSVLoader.load(path: path), source: path)
        let file = cache().snapshotPath(for: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "empty": bytes = []
        default: bytes[8] = 99  // version field
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(cache().load(source: path, tableName: "deals") == nil)
    }

    /// `store` writes on a background thread; `finishWrites` waits for it (the CLI does before exiting).
    @Test func storeWritesInTheBackgroundAndFinishWritesWaits() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        let table = try CSVLoader.load(path: path)
        cache().store(table, source: path)
        SnapshotCache.finishWrites()
        let loaded = try #require(cache().load(source: path, tableName: "deals"))
        #expect(render(loaded) == render(table))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/cache").filter {
            $0.contains(".tmp-")
        }
        #expect(leftovers.isEmpty)
    }

    /// The checksum kept while a snapshot streams out equals the one computed over the mapped file,
    /// whatever the pieces, across 32 MiB super-blocks and with a ragged tail.
    @Test func streamingChecksumEqualsWholeBufferChecksum() {
        var state: UInt64 = 42
        let count = 2 * Checksum.superBlock + 1_001
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                if i & 7 == 0 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
                buffer[i] = UInt8(truncatingIfNeeded: state >> (UInt64(i & 7) * 8))
            }
            initialized = count
        }
        let whole = bytes.withUnsafeBytes { checksum($0) }
        for pieces in [[bytes.count], [3, 29, Checksum.superBlock, 5], [Checksum.superBlock - 7, 64, 1 << 20]] {
            var stream = Checksum()
            var offset = 0
            bytes.withUnsafeBytes { raw in
                for size in pieces + [bytes.count] where offset < bytes.count {
                    let end = min(bytes.count, offset + size)
                    stream.update(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
            }
            #expect(stream.finish() == whole, "pieces \(pieces)")
        }
        var flipped = bytes
        flipped[Checksum.superBlock + 17] ^= 1
        #expect(flipped.withUnsafeBytes { checksum($0) } != whole)
    }

    @Test func datasetLoaderUsesTheSnapshotAndGivesTheSameAnswers() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        let parsed = try DatasetLoader.loadTable(path, options: CSVLoader.Options(), cache: nil)
        cache().write(parsed, source: path)
        let cached = try DatasetLoader.loadTable(path, options: CSVLoader.Options(), cache: cache())
        #expect(render(cached) == render(parsed))
        #expect(FileManager.default.fileExists(atPath: cache().snapshotPath(for: path)))
    }
}

extension SnapshotCacheTests {
    /// A snapshot with bit 7 flipped in two bytes at offsets ≡ 7 mod 8, 32 bytes apart (the damage the old
    /// four-lane checksum could not see, which served deals dated in the year 24992), is rejected, wherever
    /// the pair falls.
    @Test func aSnapshotWithTwoTopBitFlipsInOneLaneIsRejected() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        cache().write(try CSVLoader.load(path: path), source: path)
        let file = cache().snapshotPath(for: path)
        let clean = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        var served: [Int] = []
        for first in stride(from: 7, to: clean.count - 8 - 32, by: 8) {
            var bytes = clean
            bytes[first] ^= 0x80
            bytes[first + 32] ^= 0x80
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            if cache().load(source: path, tableName: "deals") != nil { served.append(first) }
        }
        #expect(served.isEmpty, "served with bytes \(served) and +32 flipped")
    }

    /// A snapshot holds the source's data: the cache folder is created 0700 and the snapshot 0600, whatever the
    /// umask (they were 0755 and 0644, and another user read deal names out of a 0600 CSV's snapshot).
    @Test func snapshotsArePrivate() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try source(Self.csv)
        let previous = umask(0o022)
        defer { umask(previous) }
        let cache = SnapshotCache(directory: directory + "/new/cache")
        cache.write(try CSVLoader.load(path: path), source: path)
        func mode(_ path: String) -> mode_t {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
        }
        #expect(mode(cache.directory) == 0o700)
        #expect(mode(cache.snapshotPath(for: path)) == 0o600)
    }
}

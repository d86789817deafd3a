import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// The loader tells a watching `LoadProgress` how far it has got: by the end of parsing, every byte of the body and
/// every row; writing a snapshot tells the bytes written.
@Suite struct LoadProgressTests {
    static func csv(rows: Int) -> String {
        "id,name,value\n" + (1...rows).map { "\($0),deal \($0),\($0 * 10)" }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [1, 4])
    func parsingReportsEveryRowAndTheBodysBytes(threads: Int) throws {
        let text = Self.csv(rows: 50_000)
        let progress = LoadProgress()
        progress.begin(file: "deals.csv", phase: .parsing, totalBytes: text.utf8.count)
        var options = CSVLoader.Options(maxThreads: threads, parallelThreshold: 1)
        options.progress = progress
        let table = try CSVLoader.load(bytes: Array(text.utf8), path: "deals.csv", tableName: "deals", options: options)
        #expect(table.rowCount == 50_000)
        let now = try #require(progress.current)
        #expect(now.rows == 50_000)
        #expect(now.bytesDone == text.utf8.count - "id,name,value\n".utf8.count)
        #expect(now.phase == .building)
        progress.end()
        #expect(progress.current == nil)
    }

    @Test func datasetLoadingNamesTheFileAndEndsItsReport() throws {
        let folder = NSTemporaryDirectory() + "pipeq-progress-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.csv(rows: 1_000).write(toFile: folder + "/deals.csv", atomically: true, encoding: .utf8)
        let progress = LoadProgress()
        var options = CSVLoader.Options()
        options.progress = progress
        let loaded = try DatasetLoader.load(paths: [folder], options: options, cache: nil)
        #expect(loaded.catalog.tables.map(\.rowCount) == [1_000])
        #expect(!progress.isActive, "the report ends with the file")
    }

    @Test func snapshotWritesReportTheBytesWritten() throws {
        let folder = NSTemporaryDirectory() + "pipeq-progress-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = folder + "/deals.csv"
        try Self.csv(rows: 10_000).write(toFile: source, atomically: true, encoding: .utf8)
        let cache = SnapshotCache(directory: folder + "/cache")
        let table = try CSVLoader.load(path: source)
        let progress = LoadProgress()
        cache.write(table, source: source, progress: progress)
        let now = try #require(progress.current)
        #expect(now.phase == .writingSnapshot && now.file == source)
        let size = try #require(
            try FileManager.default.attributesOfItem(atPath: cache.snapshotPath(for: source))[.size] as? Int)
        #expect(now.bytesDone == size)

        // Reading it back: each column's bytes are told as it is copied (all but the header and checksum).
        let reading = LoadProgress()
        reading.begin(file: source, phase: .readingSnapshot, totalBytes: size)
        #expect(cache.load(source: source, tableName: "deals", progress: reading) != nil)
        let read = try #require(reading.current)
        #expect(read.bytesDone > size * 9 / 10 && read.bytesDone < size, "\(read)")
    }
}

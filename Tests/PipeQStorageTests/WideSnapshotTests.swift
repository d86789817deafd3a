import Foundation
import Testing

@testable import PipeQStorage

/// A table wider than 100,000 columns is served from its snapshot like any other (issue 18, item 16): the reader
/// rejected such snapshots, so they were rewritten on every open.
@Suite struct WideSnapshotTests {
    @Test func aSnapshotOfMoreThanAHundredThousandColumnsIsServed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-wide-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let source = directory + "/wide.csv"
        try "c0\n1\n".write(toFile: source, atomically: false, encoding: .utf8)
        let fields = (0..<100_001).map {
            Field(ColumnInfo(name: "c\($0)", header: "c\($0)"), Column(.int([Int64($0), 7]), nulls: nil))
        }
        let table = Table(name: "wide", fields: fields, sourcePath: source)
        let cache = SnapshotCache(directory: directory + "/cache")
        cache.write(table, source: source)
        let loaded = try #require(cache.load(source: source, tableName: "wide"))
        #expect(loaded.fields.count == 100_001)
        #expect(loaded.fields.last?.column.value(at: 0) == table.fields.last?.column.value(at: 0))
    }
}

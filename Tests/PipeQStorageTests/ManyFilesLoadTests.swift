import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// Many files in a folder (issue 18, item 16): table names are checked for clashes through a dictionary, so
/// 40,000 files load in linear time; a clash is still an error naming both files.
@Suite struct ManyFilesLoadTests {
    func folder(_ names: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-many-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in names { try "id,value\n1,2\n".write(toFile: path + "/" + name, atomically: false, encoding: .utf8) }
        return path
    }

    @Test func twoFilesWithOneTableNameAreAnError() throws {
        let path = try folder(["a.csv", "Deals.csv", "deals.csv", "z.csv"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try DatasetLoader.load(paths: [path], cache: nil)
            Issue.record("loaded two tables named deals")
        } catch {
            #expect(error.message.contains("two files would both be table \"deals\""), "\(error.message)")
            #expect(error.message.contains("Deals.csv") && error.message.contains("/deals.csv"), "\(error.message)")
        }
    }

    @Test func manyFilesEachBecomeATable() throws {
        let path = try folder((0..<200).map { "t\($0).csv" })
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try DatasetLoader.load(paths: [path], cache: nil)
        #expect(loaded.catalog.tables.count == 200)
        #expect(loaded.catalog.table(named: "t199")?.rowCount == 1)
    }
}

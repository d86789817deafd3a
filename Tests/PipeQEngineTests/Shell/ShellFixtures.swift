import Foundation
import PipeQEngine
import PipeQStorage

/// A small hand-built catalog for shell tests: deals (stage, status, rep, value, name) and reps.
enum ShellFixtures {
    static func strings(_ values: [String]) -> Column {
        var builder = StringDictionaryBuilder()
        let codes = values.map { builder.code(for: $0) }
        return Column(.string(codes: codes, builder.build()))
    }

    static func table(_ name: String, _ columns: [(String, Column)], role: TableRole? = nil) -> Table {
        Table(name: name, fields: columns.map { Field(ColumnInfo(name: $0.0), $0.1) }, role: role)
    }

    static func engine() -> QueryEngine {
        let deals = table("deals", [
            ("id", Column(.int([1, 2, 3, 4, 5]))),
            ("name", strings(["Acme renewal", "Globex \"big\" deal", "Initech", "Umbrella", "Hooli"])),
            ("rep", strings(["Ann Lee", "Bo Chen", "Ann Lee", "Cy Diaz", "Bo Chen"])),
            ("stage", strings(["Negotiation", "Needs Analysis", "Prospecting", "Closed Won", "Negotiation"])),
            ("status", strings(["open", "open", "open", "won", "open"])),
            ("value", Column(.double([100, 250.5, 80, 1000, 40]))),
        ], role: .deals)
        let reps = table("reps", [
            ("rep", strings(["Ann Lee", "Bo Chen", "Cy Diaz"])),
            ("team", strings(["East", "West", "East"])),
        ], role: .reps)
        return QueryEngine(catalog: Catalog(tables: [deals, reps], datasetName: "fixture"), asOfDay: 20_000)
    }

    /// A temporary folder holding `files` (names ending in "/" are folders).
    static func folder(_ files: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "pipeq-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for file in files {
            let full = (path as NSString).appendingPathComponent(file)
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
            } else {
                try Data("x\n".utf8).write(to: URL(fileURLWithPath: full))
            }
        }
        return path
    }
}

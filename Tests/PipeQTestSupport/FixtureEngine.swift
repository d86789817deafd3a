import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage

/// The golden tests' 10-deal fixture as an engine with the as-of date fixed (2026-11-01).
public enum FixtureEngine {
    public static let fixturePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("PipeQGoldenTests/Data/fixture").path

    /// A new engine over the fixture.
    public static func engine() throws -> QueryEngine {
        let catalog = try DatasetLoader.load(paths: [fixturePath]).catalog
        return QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
    }

    /// Runs a query on the fixture and returns its rows.
    public static func result(_ query: String) throws -> QueryResult {
        guard case .rows(let result) = try engine().run(query) else { throw Diagnostic(.execute, "no rows") }
        return result
    }
}

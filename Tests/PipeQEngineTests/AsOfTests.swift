import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// `.asof` (and `--as-of`) on a date before the data's last change shows the pipeline as it stood then, exactly as
/// `deals asof DATE` does; without a history to rebuild it from, such a date is refused.
@Suite struct AsOfTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples").path

    func value(_ engine: QueryEngine, _ query: String) throws -> Scalar {
        guard case .rows(let result) = try engine.run(query) else { throw Diagnostic(.execute, "no rows") }
        return result.value(row: 0, column: 0)
    }

    @Test func aPastDateMeansTheSnapshot() throws {
        let catalog = try DatasetLoader.load(paths: [Self.examples], cache: nil).catalog
        let reference = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        let moved = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        try moved.setAsOf(CivilTime.parseDate("2026-06-01")!)
        #expect(moved.snapshotDay == CivilTime.parseDate("2026-06-01"))
        for query in [
            "deals | count", "deals where status = \"open\" | avg age", "deals | sum value by stage | count",
            "history | count", "deals | funnel | count",
        ] {
            let snapshot = query.replacingOccurrences(of: "deals |", with: "deals asof 2026-06-01 |")
                .replacingOccurrences(of: "deals where", with: "deals asof 2026-06-01 where")
                .replacingOccurrences(of: "history |", with: "history asof 2026-06-01 |")
            #expect(try value(moved, query) == value(reference, snapshot), "\(query)")
        }
        // Deals created after June 2026 are not there yet (the current table has more).
        #expect(try value(moved, "deals | count") != value(reference, "deals | count"))
        // A let over deals sees the snapshot too.
        _ = try moved.run("let open = deals where status = \"open\"")
        #expect(
            try value(moved, "open | count")
                == value(reference, "deals asof 2026-06-01 where status = \"open\" | count"))
        // A date after the last change (2026-10-31 in the examples) is just "today".
        try moved.setAsOf(CivilTime.parseDate("2026-11-15")!)
        #expect(moved.snapshotDay == nil)
    }

    @Test func aPastDateWithoutHistoryIsRefused() throws {
        let catalog = try DatasetLoader.load(paths: [Self.examples + "/deals.csv"], cache: nil).catalog
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        do {
            try engine.setAsOf(CivilTime.parseDate("2026-06-01")!)
            Issue.record("a past date without history was accepted")
        } catch {
            #expect(error.message.hasPrefix("2026-06-01 is before the data's last recorded change (2026-10-31)"))
            #expect(error.hint?.contains("deals asof DATE") == true)
        }
        #expect(engine.asOfDay == CivilTime.parseDate("2026-11-01"), "a refused date leaves the as-of date alone")
        try engine.setAsOf(CivilTime.parseDate("2026-10-31")!)
        #expect(engine.snapshotDay == nil)
    }
}

import Foundation
import PipeQCore
@testable import PipeQEngine
import PipeQStorage
import Testing

/// Invariants of snapshots (`deals asof DATE`) and the `changes` waterfall, on the example dataset and the fixture.
@Suite struct HistoryVerbInvariantTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = "examples"
    static let fixture = "Tests/PipeQGoldenTests/Data/fixture"

    static func engine(_ relative: String, asOf: String = "2026-11-01") throws -> QueryEngine {
        let catalog = try DatasetLoader.load(paths: [root.appendingPathComponent(relative).path]).catalog
        return QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(asOf))
    }

    func rows(_ engine: QueryEngine, _ query: String) throws -> QueryResult {
        guard case .rows(let result) = try engine.run(query) else { throw Diagnostic(.execute, "no rows") }
        return result
    }

    /// Every cell as text, row by row.
    func cells(_ r: QueryResult) -> [[String]] {
        (0..<r.rowCount).map { row in (0..<r.columnNames.count).map { "\(r.value(row: row, column: $0))" } }
    }

    /// On the as-of date itself, the snapshot is the current table: same stage/status counts, same ages and stage dates.
    @Test(arguments: [examples, fixture])
    func snapshotOnTheAsOfDateIsTheCurrentTable(_ dataset: String) throws {
        let engine = try Self.engine(dataset)
        for tail in ["count by stage, status", "sum value by status", "select id, stage, status, stage_entered, age, stage_age, cycle"] {
            let now = try rows(engine, "deals | " + tail)
            let then = try rows(engine, "deals asof 2026-11-01 | " + tail)
            #expect(cells(now) == cells(then), "\(dataset): \(tail)")
        }
        let funnel = try rows(engine, "deals | funnel")
        #expect(cells(funnel) == cells(try rows(engine, "deals asof 2026-11-01 | funnel")))
    }

    /// A snapshot never holds deals created after its date, and every deal in it has its outcome.
    @Test func snapshotLeavesOutLaterDeals() throws {
        let engine = try Self.engine(Self.examples)
        for day in ["2025-03-31", "2025-12-31", "2026-06-30"] {
            let later = try rows(engine, "deals asof \(day) | where created > \(day) or status is null | count")
            #expect("\(later.value(row: 0, column: 0))" == "\(Scalar.int(0))", "\(day)")
            let total = try rows(engine, "deals asof \(day) | count")
            let created = try rows(engine, "deals where created <= \(day) | count")
            #expect(cells(total) == cells(created), "\(day)")
        }
    }
}

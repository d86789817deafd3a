import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// `funnel`, `stagetime`, `count by stage` and `winrate` on Pipedrive exports loaded with no pipeline.toml: the fixtures
/// in Tests/PipeQStorageTests/Fixtures (see PipedriveChangeLogTests and PipedriveDealsExportTests for their contents).
@Suite struct PipedriveEngineTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PipeQStorageTests/Fixtures")

    static func rows(_ folder: String, _ query: String, asOf: String) throws -> [[Scalar]] {
        let catalog = try DatasetLoader.load(paths: [fixtures.appendingPathComponent(folder).path], cache: nil).catalog
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(asOf))
        guard case .rows(let result) = try engine.run(query) else { throw Diagnostic(.execute, "no rows") }
        return (0..<result.rowCount).map { r in (0..<result.columnNames.count).map { result.value(row: r, column: $0) }
        }
    }

    static func days(_ value: Scalar) -> Double? {
        if case .duration(let micros) = value { return Double(micros) / Double(CivilTime.microsPerDay) }
        return nil
    }

    /// Reach from the history: Lead In 101, 102, 103 = 3; Contact Made 101 = 1; Demo Scheduled 101, 102 = 2;
    /// Proposal Made none = 0 (104 has no history, so it reaches nothing).
    @Test func changeLogFunnel() throws {
        let rows = try Self.rows("pipedrive-changelog", "deals | funnel", asOf: "2024-01-31")
        #expect(
            rows.map { $0[0] }
                == ["Lead In", "Contact Made", "Demo Scheduled", "Proposal Made"].map { Scalar.string($0) })
        #expect(rows.map { $0[1] } == [3, 1, 2, 0].map { Scalar.int($0) })
        #expect(rows.map { $0[5] } == Array(repeating: .string("history"), count: 4))
    }

    /// Stays in days (as of 2024-01-31 00:00):
    ///   Lead In: 101 01-01 09:00 → 01-05 09:00 = 4; 102 01-02 12:00 → 01-04 12:00 = 2; 103 01-03 → as-of = 28.
    ///     avg 34/3 = 11.333…, median 4, p90 = 4 + 0.8 × (28 − 4) = 23.2 (sorted 2, 4, 28; position 0.9 × 2 = 1.8).
    ///   Contact Made: 101 01-05 09:00 → 01-11 09:00 = 6 (its 01-06 repeat folded in).
    ///   Demo Scheduled: 101 01-11 09:00 → won 01-21 09:00 = 10; 102 01-04 12:00 → lost 01-08 12:00 = 4.
    ///     avg 7, median 7, p90 = 4 + 0.9 × 6 = 9.4.
    @Test func changeLogStageTime() throws {
        let rows = try Self.rows("pipedrive-changelog", "history | stagetime", asOf: "2024-01-31")
        #expect(rows.map { $0[0] } == ["Lead In", "Contact Made", "Demo Scheduled"].map { Scalar.string($0) })
        #expect(rows.map { $0[1] } == [3, 1, 2].map { Scalar.int($0) })
        #expect(rows.map { $0[2] } == [3, 1, 2].map { Scalar.int($0) })
        let expected: [[Double]] = [[34.0 / 3, 4, 23.2], [6, 6, 6], [7, 7, 9.4]]
        for (row, want) in zip(rows, expected) {
            for (k, value) in want.enumerated() {
                let got = try #require(Self.days(row[3 + k]))
                #expect(abs(got - value) < 1e-6, "\(row[0]) column \(3 + k): \(got) days, expected \(value)")
            }
        }
    }

    /// Current stages: 103 in Lead In, 101 and 102 in Demo Scheduled, 104 none. Won 101, lost 102: win rate 1/2.
    @Test func changeLogCountsAndWinRate() throws {
        let counts = try Self.rows("pipedrive-changelog", "deals | count by stage", asOf: "2024-01-31")
        let stages: [Scalar] = [.string("Lead In"), .string("Demo Scheduled"), .null]
        let numbers: [Scalar] = [.int(1), .int(2), .int(1)]
        #expect(counts.map { $0[0] } == stages)
        #expect(counts.map { $0[1] } == numbers)
        let winrate = try Self.rows("pipedrive-changelog", "deals | winrate", asOf: "2024-01-31")
        #expect(winrate == [[.double(0.5), .int(1), .int(1), .int(2)]])
    }

    /// The export has no history, so reach comes from current stages (Lead In, Contact Made, Demo Scheduled, inferred):
    /// deal 1 at Lead In reaches 1 step, 3 and 4 at Contact Made 2 steps, 2 at Demo Scheduled 3: 4, 3, 1.
    /// Status Won 1, Lost 1: win rate 0.5.
    @Test func dealsExportFunnelAndWinRate() throws {
        let funnel = try Self.rows("pipedrive-deals-export", "deals | funnel", asOf: "2024-04-01")
        #expect(funnel.map { $0[1] } == [4, 3, 1].map { Scalar.int($0) })
        let winrate = try Self.rows("pipedrive-deals-export", "deals | winrate", asOf: "2024-04-01")
        #expect(winrate == [[.double(0.5), .int(1), .int(1), .int(2)]])
        // cycle = close_date − created for closed deals: 2 won 03-20 16:00 − 03-02 11:00 = 18d 5h; 3 lost 03-15 08:30 − 03-03 12:00.
        let cycle = try Self.rows(
            "pipedrive-deals-export", "deals | where status != 'open' | select id, cycle", asOf: "2024-04-01")
        let cycleDays: [Double?] = [18 + 5.0 / 24, 11 + 20.5 / 24]
        #expect(cycle.map { Self.days($0[1]) } == cycleDays)
    }
}

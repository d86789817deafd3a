import Foundation
import PipeQCore
import PipeQStorage
import Testing

@testable import PipeQEngine

/// Invariants of snapshots (`deals asof DATE`) and the `changes` waterfall, on the example dataset and the fixture.
@Suite struct HistoryVerbInvariantTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
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
        for tail in [
            "count by stage, status", "sum value by status",
            "select id, stage, status, stage_entered, age, stage_age, cycle",
        ] {
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

    /// The deals open in the snapshot at the end of `day` whose close date as it stood then (the last terms row
    /// recorded by then; the example history logs every close-date edit) is on or before `by`.
    func dueCount(_ engine: QueryEngine, _ filter: String, at day: String, by: String) throws -> Int64 {
        let terms = try #require(engine.catalog.table(role: .terms))
        guard case .int(let ids) = terms.fields[try #require(terms.fieldIndex(role: .dealId))].column.values else {
            Issue.record("the example deal ids are integers")
            return -1
        }
        let times = VerbSupport.micros(terms.fields[try #require(terms.fieldIndex(role: .changedAt))].column)
        let closes = VerbSupport.days(terms.fields[try #require(terms.fieldIndex(role: .closeDate))].column)
        let cutoff = (Int64(try #require(CivilTime.parseDate(day))) + 1) * CivilTime.microsPerDay
        var close: [Int64: (time: Int64, day: Int32)] = [:]
        for i in ids.indices where times[i] < cutoff && times[i] >= close[ids[i]]?.time ?? .min {
            close[ids[i]] = (times[i], closes[i])
        }
        let open = try rows(engine, "deals asof \(day)\(filter) | where status = \"open\" | select id")
        let limit = try #require(CivilTime.parseDate(by))
        return Int64(
            (0..<open.rowCount).filter { row in
                guard case .int(let id) = open.value(row: row, column: 0), let c = close[id] else { return false }
                return c.day <= limit
            }.count)
    }

    /// The waterfall balances (start + created + pulled + amount up − amount down − pushed − lost − won = end in value;
    /// the same without the amount lines in deals), its start and end match the snapshots at FROM and TO (open, with
    /// the close date as it stood then by TO), and the detail rows add up to the summary lines.
    @Test(arguments: [
        ("2024-12-31", "2025-06-30"), ("2025-06-30", "2026-06-30"), ("2026-09-30", "2026-10-31"),
        ("2024-10-31", "2026-11-01"),
    ])
    func waterfallBalances(_ period: (String, String)) throws {
        let engine = try Self.engine(Self.examples)
        for filter in ["", " where team = \"Enterprise NA\""] {
            let (from, to) = period
            let summary = try rows(engine, "deals\(filter) | changes summary from \(from) to \(to)")
            #expect(summary.rowCount == 9)
            let deals = (0..<9).map { row -> Int64 in
                if case .int(let v) = summary.value(row: row, column: 1) { return v } else { return -1 }
            }
            let value = (0..<9).map { summary.value(row: $0, column: 2).asDouble ?? .nan }
            #expect(deals[0] + deals[1] + deals[2] - deals[5] - deals[6] - deals[7] == deals[8], "\(period)\(filter)")
            let sum = value[0] + value[1] + value[2] + value[3] - value[4] - value[5] - value[6] - value[7]
            #expect(abs(sum - value[8]) < 1e-6 * max(1, value[8]), "\(period)\(filter)")
            let end = try dueCount(engine, filter, at: to, by: to)
            #expect(end == deals[8], "\(period)\(filter)")
            let start = try dueCount(engine, filter, at: from, by: to)
            #expect(start == deals[0], "\(period)\(filter)")
            let detail = try rows(engine, "deals\(filter) | changes from \(from) to \(to) | n = count by kind")
            var byKind: [String: Int64] = [:]
            for r in 0..<detail.rowCount {
                if case .string(let k) = detail.value(row: r, column: 0),
                    case .int(let n) = detail.value(row: r, column: 1)
                {
                    byKind[k] = n
                }
            }
            for (line, kind) in ["created", "pulled", "amount up", "amount down", "pushed", "lost", "won"].enumerated()
            {
                #expect((byKind[kind] ?? 0) == deals[line + 1], "\(period)\(filter) \(kind)")
            }
        }
    }
}

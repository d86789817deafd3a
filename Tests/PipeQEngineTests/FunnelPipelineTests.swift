import Foundation
import PipeQCore
import PipeQStorage
import Testing

@testable import PipeQEngine

/// `funnel` when the stages belong to several pipelines (PipeQGoldenTests/Data/hubspot-pipelines: a Sales Pipeline and
/// a Renewals pipeline, each with its own "Closed Won"). Expected counts by hand from scripts/hubspot-fixtures.py:
/// Sales Pipeline — 201 Closed Won (via AS, QB), 203 Qualified To Buy (via AS), 206 Closed Lost (via AS);
/// Renewals — 202 Closed Won (via RD, QS), 204 Churned (via RD), 205 Quote Sent (via RD).
@Suite struct FunnelPipelineTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PipeQGoldenTests/Data/hubspot-pipelines").path

    /// The dataset, optionally without its history table (funnel then reads current stages).
    static func engine(history: Bool) throws -> QueryEngine {
        var catalog = try DatasetLoader.load(paths: [path], cache: nil).catalog
        if !history { catalog = Catalog(tables: catalog.tables.filter { $0.role != .history }, stages: catalog.stages) }
        return QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2024-07-01"))
    }

    /// "key|stage|reached" per row.
    static func funnel(_ engine: QueryEngine, _ query: String) throws -> [String] {
        guard case .rows(let r) = try engine.run(query) else { return [] }
        let stage = try #require(r.columnNames.firstIndex(of: "stage"))
        let reached = try #require(r.columnNames.firstIndex(of: "reached"))
        let key = r.columnNames.firstIndex(of: "pipeline")
        func text(_ row: Int, _ column: Int) -> String {
            switch r.value(row: row, column: column) {
            case .string(let s): return s
            case .int(let v): return String(v)
            case let other: return "\(other)"
            }
        }
        return (0..<r.rowCount).map { row in
            (key.map { text(row, $0) + "|" } ?? "") + text(row, stage) + "|" + text(row, reached)
        }
    }

    static let byPipeline = [
        "Renewals|Renewal Due|3", "Renewals|Quote Sent|2", "Renewals|Closed Won|1",
        "Sales Pipeline|Appointment Scheduled|3", "Sales Pipeline|Qualified To Buy|2", "Sales Pipeline|Closed Won|1",
    ]

    @Test func eachPipelineHasItsOwnStepsFromHistory() throws {
        let engine = try Self.engine(history: true)
        #expect(try Self.funnel(engine, "deals | funnel by pipeline") == Self.byPipeline)
        #expect(try Self.funnel(engine, "history | funnel by pipeline") == Self.byPipeline)
        // Every stay is in pipeline order, so strict changes nothing here.
        #expect(try Self.funnel(engine, "deals | funnel strict by pipeline") == Self.byPipeline)
    }

    @Test func eachPipelineHasItsOwnStepsFromCurrentStages() throws {
        // A deal at step k reached its own pipeline's steps up to k; a lost deal (206, 204) counts at its pipeline's first step.
        let engine = try Self.engine(history: false)
        #expect(try Self.funnel(engine, "deals | funnel by pipeline") == Self.byPipeline)
        // 202 sits in Renewals' "Closed Won": it reaches Renewal Due, Quote Sent and that Closed Won, nothing of the Sales Pipeline.
        #expect(
            try Self.funnel(engine, "deals where id = 202 | funnel by pipeline")
                == ["Renewals|Renewal Due|1", "Renewals|Quote Sent|1", "Renewals|Closed Won|1"])
        // Unscoped, same-named steps sum: Closed Won = 201 + 202.
        #expect(
            try Self.funnel(engine, "deals | funnel") == [
                "Appointment Scheduled|3", "Qualified To Buy|2", "Renewal Due|3",
                "Quote Sent|2", "Closed Won|2",
            ])
    }

    @Test func withoutAPipelineColumnTheFunnelSumsByName() throws {
        // The history still says each stay's pipeline, so 202's Closed Won is counted in its own pipeline, then summed by name.
        let engine = try Self.engine(history: true)
        #expect(
            try Self.funnel(engine, "deals | select id, stage | funnel") == [
                "Appointment Scheduled|3", "Qualified To Buy|2",
                "Renewal Due|3", "Quote Sent|2", "Closed Won|2",
            ])
    }

    @Test func historyRowsTakeNoOtherKey() throws {
        let engine = try Self.engine(history: true)
        #expect(throws: Diagnostic.self) { try engine.run("history | funnel by stage") }
    }
}

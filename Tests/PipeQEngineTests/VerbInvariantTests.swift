import Foundation
import PipeQCore
import PipeQStorage
import Testing

@testable import PipeQEngine

/// Invariants of the pipeline verbs, checked on the example dataset (3,000 deals) and the golden fixture.
@Suite struct VerbInvariantTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func engine(_ relative: String, asOf: String = "2026-11-01") throws -> QueryEngine {
        let catalog = try DatasetLoader.load(paths: [root.appendingPathComponent(relative).path]).catalog
        return QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(asOf))
    }

    static let examples = "examples"
    static let fixture = "Tests/PipeQGoldenTests/Data/fixture"

    func rows(_ engine: QueryEngine, _ query: String) throws -> QueryResult {
        guard case .rows(let result) = try engine.run(query) else { throw Diagnostic(.execute, "no rows") }
        return result
    }

    func column(_ r: QueryResult, _ name: String) -> [Scalar] {
        let c = r.columnNames.firstIndex(of: name)!
        return (0..<r.rowCount).map { r.value(row: $0, column: c) }
    }

    func ints(_ r: QueryResult, _ name: String) -> [Int64] {
        column(r, name).map { if case .int(let v) = $0 { return v } else { return -1 } }
    }

    func doubles(_ r: QueryResult, _ name: String) -> [Double?] { column(r, name).map(\.asDouble) }

    @Test(arguments: [examples, fixture])
    func strictFunnelNeverIncreases(_ dataset: String) throws {
        let engine = try Self.engine(dataset)
        for query in [
            "deals | funnel strict", "deals | funnel strict by rep", "deals where value > 20k | funnel strict by stage",
        ] {
            let r = try rows(engine, query)
            let reached = ints(r, "reached")
            // The funnel's stage column sits just before "reached" ("stage_2" when a key is called stage).
            let stages = column(r, r.columnNames[r.columnNames.firstIndex(of: "reached")! - 1])
            let first = stages.first
            for i in 1..<reached.count where stages[i] != first {
                #expect(reached[i] <= reached[i - 1], "\(dataset): \(query) row \(i)")
            }
        }
    }

    @Test(arguments: [examples, fixture])
    func strictNeverExceedsLoose(_ dataset: String) throws {
        let engine = try Self.engine(dataset)
        let strict = ints(try rows(engine, "deals | funnel strict by rep"), "reached")
        let loose = ints(try rows(engine, "deals | funnel by rep"), "reached")
        #expect(strict.count == loose.count)
        for (s, l) in zip(strict, loose) { #expect(s <= l) }
    }

    @Test func funnelMatchesDistinctDealsPerStage() throws {
        let engine = try Self.engine(Self.examples)
        let funnel = try rows(engine, "deals | funnel")
        let check = try rows(engine, "history | count distinct deal_id by stage")
        var expected: [String: Int64] = [:]
        for (s, n) in zip(column(check, "stage"), ints(check, "count_distinct_deal_id")) {
            if case .string(let name) = s { expected[name] = n }
        }
        for (s, n) in zip(column(funnel, "stage"), ints(funnel, "reached")) {
            guard case .string(let name) = s else {
                Issue.record("stage not a string")
                continue
            }
            #expect(expected[name] == n, "\(name)")
        }
    }

    @Test(arguments: [examples, fixture])
    func winRateByRepWeighsBackToOverall(_ dataset: String) throws {
        let engine = try Self.engine(dataset)
        let overall = try rows(engine, "deals | winrate")
        let byRep = try rows(engine, "deals | winrate by rep")
        let rates = doubles(byRep, "win_rate")
        let closed = ints(byRep, "closed")
        var won = 0.0
        for (rate, c) in zip(rates, closed) where c > 0 { won += rate! * Double(c) }
        let total = closed.reduce(0, +)
        #expect(total == ints(overall, "closed")[0])
        #expect(abs(won / Double(total) - doubles(overall, "win_rate")[0]!) < 1e-12)
        #expect(abs(won - Double(ints(overall, "won")[0])) < 1e-6)
    }

    @Test(arguments: [
        "deals | forecast", "deals | forecast by week", "deals | forecast by quarter",
        "deals where segment = \"SMB\" | forecast",
    ])
    func forecastWeightedNeverExceedsPipeline(_ query: String) throws {
        let r = try rows(try Self.engine(Self.examples), query)
        #expect(r.rowCount > 0)
        for (w, p) in zip(doubles(r, "weighted"), doubles(r, "pipeline")) { #expect(w! <= p! + 1e-6) }
        // Padded: consecutive periods, no gaps.
        let starts = column(r, r.columnNames[0]).compactMap { s -> Int32? in
            if case .date(let d) = s { return d } else { return nil }
        }
        for i in 1..<max(1, starts.count) { #expect(starts[i] > starts[i - 1] && starts[i] - starts[i - 1] <= 92) }
    }

    @Test func verbsAgreeWithEachOther() throws {
        let engine = try Self.engine(Self.examples)
        // velocity's inputs are what winrate, dealsize and cycle report.
        let v = try rows(engine, "deals | velocity by team")
        let w = try rows(engine, "deals | winrate by team")
        let d = try rows(engine, "deals | dealsize by team")
        let c = try rows(engine, "deals | cycle by team")
        #expect(doubles(v, "win_rate") == doubles(w, "win_rate"))
        #expect(doubles(v, "avg_deal_size") == doubles(d, "avg_deal_size"))
        for (days, cycle) in zip(doubles(v, "avg_cycle_days"), column(c, "avg_cycle")) {
            guard case .duration(let micros) = cycle else {
                Issue.record("not a duration")
                continue
            }
            #expect(abs(days! - Double(micros) / Double(CivilTime.microsPerDay)) < 1e-6)
        }
        // aging and forecast both cover every open deal once.
        let open = ints(try rows(engine, "deals where status = \"open\" | count"), "count")
        let aged = ints(try rows(engine, "deals | aging"), "deals").reduce(0, +)
        let forecast = ints(try rows(engine, "deals | forecast"), "deals").reduce(0, +)
        #expect(open.isEmpty || (aged == forecast))
    }

    /// Deal 1 reaches every stage but enters Proposal before Needs Analysis: strict stops counting it at Proposal.
    @Test func strictFunnelRequiresOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-strict-\(UInt64.random(in: 0..<UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,rep,stage,value,created\n1,A,Negotiation,10,2026-01-01\n2,A,Proposal,20,2026-01-01\n"
            .write(to: folder.appendingPathComponent("deals.csv"), atomically: true, encoding: .utf8)
        try """
        deal_id,stage,entered_at,exited_at
        1,Prospecting,2026-01-01,2026-01-05
        1,Proposal,2026-01-05,2026-01-10
        1,Needs Analysis,2026-01-10,2026-01-15
        1,Proposal,2026-01-15,2026-01-20
        1,Negotiation,2026-01-20,
        2,Prospecting,2026-01-01,2026-01-02
        2,Needs Analysis,2026-01-02,2026-01-03
        2,Proposal,2026-01-03,

        """.write(to: folder.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        try ["Prospecting", "Needs Analysis", "Proposal", "Negotiation"].map { "[[stage]]\nname = \"\($0)\"\n" }
            .joined()
            .appending("[[stage]]\nname = \"Won\"\noutcome = \"won\"\n")
            .write(to: folder.appendingPathComponent("pipeline.toml"), atomically: true, encoding: .utf8)
        let engine = QueryEngine(
            catalog: try DatasetLoader.load(paths: [folder.path]).catalog, asOfDay: CivilTime.parseDate("2026-02-01"))
        #expect(ints(try rows(engine, "deals | funnel"), "reached") == [2, 2, 2, 1, 0])
        #expect(ints(try rows(engine, "deals | funnel strict"), "reached") == [2, 2, 1, 0, 0])
    }

    @Test func bucketQuantilesMatchSorting() {
        var generator = SystemRandomNumberGenerator()
        for size in [1, 2, 3, 17, 100, 1_001] {
            let values = (0..<size).map { _ in Double(Int.random(in: 0..<50, using: &generator)) }
            let bucket = (0..<size).map { _ in Int32.random(in: -1..<3, using: &generator) }
            var buckets = Buckets(values: values, bucket: bucket, count: 3)
            for k in 0..<3 {
                let mine = zip(values, bucket).filter { $0.1 == Int32(k) }.map(\.0).sorted()
                for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                    let got = buckets.quantile(k, q)
                    if mine.isEmpty {
                        #expect(got.isNaN)
                        continue
                    }
                    let pos = q * Double(mine.count - 1)
                    let lo = Int(pos.rounded(.down))
                    let hi = Int(pos.rounded(.up))
                    let want = mine[lo] + (mine[hi] - mine[lo]) * (pos - Double(lo))
                    #expect(abs(got - want) < 1e-9, "size \(size) bucket \(k) q \(q)")
                }
            }
        }
    }
}

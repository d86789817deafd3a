import Testing

@testable import PipeQStorage

@Suite struct StageInferenceTests {
    @Test func outcomesFromNamesAndTerminalStagesLast() {
        let s = StageInference.infer(stageValues: ["Won", "Engaging", "Lost", "Prospecting"])
        // Every open stage matches common vocabulary, so Prospecting comes before Engaging.
        #expect(s.order == ["Prospecting", "Engaging", "Won", "Lost"])
        #expect(s.stages.map(\.outcome) == [.open, .open, .won, .lost])
        #expect(s.origin == "inferred: order from common stage names, won/lost from stage names")
    }

    @Test func firstAppearanceWhenNamesAreUnfamiliar() {
        let s = StageInference.infer(stageValues: ["Closed Lost", "Beta", "Alpha", "Closed Won"])
        #expect(s.order == ["Beta", "Alpha", "Closed Won", "Closed Lost"])
        #expect(s.origin == "inferred: order from first appearance, won/lost from stage names")
    }

    @Test func historyOrderWins() {
        // Deals 1..3 go Gamma → Alpha → Beta; first appearance in deals is Beta, Alpha, Gamma.
        let names = ["Alpha", "Beta", "Gamma", "Closed Won", "Closed Lost"]
        let rows: [(Int64, UInt32, Int64)] = [
            (1, 2, 10), (1, 0, 20), (1, 1, 30), (1, 3, 40),
            (2, 0, 25), (2, 2, 5), (2, 4, 50),  // out of row order: sorted by time
            (3, 2, 1), (3, 0, 2), (3, 1, 3),
        ]
        let history = StageHistorySample(
            dealKeys: rows.map(\.0), stageCodes: rows.map(\.1), stageNames: names, entered: rows.map(\.2))
        let s = StageInference.infer(
            stageValues: ["Beta", "Closed Lost", "Alpha", "Gamma", "Closed Won"], history: history)
        #expect(s.order == ["Gamma", "Alpha", "Beta", "Closed Won", "Closed Lost"])
        #expect(s.origin == "inferred: order from history order (3 deals), won/lost from stage names")
        #expect(s.definition(named: "Closed Won")?.probability == 1)
    }

    /// A history longer than `StageColumns.historySampleRows` is sampled by whole deals: the order is the
    /// same, the origin says it was a sample, and every sampled deal keeps all of its rows.
    @Test func longHistoriesAreSampledByDeal() throws {
        let deals = 300_000
        let path: [UInt32] = [2, 0, 1, 3]  // Gamma → Alpha → Beta → Closed Won
        let names = ["Alpha", "Beta", "Gamma", "Closed Won"]
        var dealIds: [Int64] = []
        var codes: [UInt32] = []
        var days: [Int32] = []
        for deal in 0..<deals {
            for (k, code) in path.enumerated() {
                dealIds.append(Int64(deal))
                codes.append(code)
                days.append(Int32(20_000 + k))
            }
        }
        let sample = try #require(
            StageColumns.historySample(
                dealId: Column(.int(dealIds)), stage: Column(.string(codes: codes, StringDictionary(values: names))),
                entered: Column(.date(days))))
        #expect(sample.sampledOneIn == 2)
        #expect(sample.dealKeys.count < dealIds.count * 6 / 10 && sample.dealKeys.count > dealIds.count * 4 / 10)
        var rowsPerDeal: [Int64: Int] = [:]
        for key in sample.dealKeys { rowsPerDeal[key, default: 0] += 1 }
        #expect(rowsPerDeal.values.allSatisfy { $0 == path.count })
        let s = StageInference.infer(stageValues: ["Beta", "Alpha", "Gamma", "Closed Won"], history: sample)
        #expect(s.order == ["Gamma", "Alpha", "Beta", "Closed Won"])
        #expect(
            s.origin
                == "inferred: order from history order (\(rowsPerDeal.count) deals, a 1-in-2 sample by deal), won/lost from stage names"
        )
    }

    @Test func noOutcomeNames() {
        let s = StageInference.infer(stageValues: ["A", "B"])
        #expect(s.origin == "inferred: order from first appearance, no won/lost stage names found")
    }
}

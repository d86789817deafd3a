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
            (2, 0, 25), (2, 2, 5), (2, 4, 50),            // out of row order: sorted by time
            (3, 2, 1), (3, 0, 2), (3, 1, 3),
        ]
        let history = StageHistorySample(dealKeys: rows.map(\.0), stageCodes: rows.map(\.1), stageNames: names, entered: rows.map(\.2))
        let s = StageInference.infer(stageValues: ["Beta", "Closed Lost", "Alpha", "Gamma", "Closed Won"], history: history)
        #expect(s.order == ["Gamma", "Alpha", "Beta", "Closed Won", "Closed Lost"])
        #expect(s.origin == "inferred: order from history order (3 deals), won/lost from stage names")
        #expect(s.definition(named: "Closed Won")?.probability == 1)
    }

    @Test func noOutcomeNames() {
        let s = StageInference.infer(stageValues: ["A", "B"])
        #expect(s.origin == "inferred: order from first appearance, no won/lost stage names found")
    }
}

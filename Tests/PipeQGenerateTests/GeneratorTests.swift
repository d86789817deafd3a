import Foundation
import Testing

@testable import PipeQGenerate

/// Generates into a fresh temporary directory and returns the files' bytes.
private func generate(deals: Int, seed: UInt64) throws -> (summary: GenerationSummary, files: [String: Data]) {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("pipeq-gen-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let summary = try PipelineGenerator(deals: deals, seed: seed).write(to: dir)
    var files: [String: Data] = [:]
    for name in GenerationSummary.fileNames {
        files[name] = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }
    return (summary, files)
}

private func rows(_ data: Data?) -> [[String]] {
    let text = String(decoding: data ?? Data(), as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}

@Suite struct GeneratorTests {
    @Test func sameSeedGivesIdenticalBytes() throws {
        let a = try generate(deals: 800, seed: 7)
        let b = try generate(deals: 800, seed: 7)
        #expect(a.summary == b.summary)
        for name in GenerationSummary.fileNames { #expect(a.files[name] == b.files[name], "\(name) differs") }
    }

    /// Files are written under temporary names and renamed at the end: nothing else is left behind, and a
    /// failed run (here: history.csv can't be renamed over a folder) leaves no temporary file behind.
    @Test func writesThroughTemporaryFilesAndRenames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try PipelineGenerator(deals: 50, seed: 1).write(to: dir)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == GenerationSummary.fileNames.sorted())

        let failing = dir + "/failing"
        try FileManager.default.createDirectory(atPath: failing + "/history.csv", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: failing + "/history.csv/inside", withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { try PipelineGenerator(deals: 50, seed: 1).write(to: failing) }
        let left = try FileManager.default.contentsOfDirectory(atPath: failing)
        #expect(!left.contains { $0.contains(".pipeq-tmp-") }, "left behind: \(left)")
    }

    @Test func differentSeedGivesDifferentBytes() throws {
        let a = try generate(deals: 300, seed: 1)
        let b = try generate(deals: 300, seed: 2)
        #expect(a.files["deals.csv"] != b.files["deals.csv"])
        #expect(a.files["history.csv"] != b.files["history.csv"])
    }

    @Test func headersCountsAndBytes() throws {
        let (summary, files) = try generate(deals: 1_000, seed: 42)
        let deals = rows(files["deals.csv"])
        let history = rows(files["history.csv"])
        let reps = rows(files["reps.csv"])
        #expect(deals[0].joined(separator: ",") == GeneratorModel.headerDeals)
        #expect(history[0].joined(separator: ",") == "deal_id,stage,entered_at,close_date,amount")
        #expect(reps[0].joined(separator: ",") == "rep,team,manager,region,quota")
        #expect(deals.count == 1_001)
        #expect(history.count == summary.historyRows + 1)
        #expect(reps.count == 61 && summary.reps == 60)
        #expect(summary.open + summary.won + summary.lost == 1_000)
        for name in GenerationSummary.fileNames { #expect(summary.bytes[name] == files[name]?.count) }
        // No field needs quoting: every row has exactly the header's field count.
        #expect(deals.allSatisfy { $0.count == 17 })
        #expect(history.allSatisfy { $0.count == 5 })
        #expect(reps.allSatisfy { $0.count == 5 })
    }

    /// quotas.csv: one row per rep and calendar quarter from 2024-Q4 (the quarter of as-of − 730 days) to 2027-Q4
    /// (as-of + 365 days) = 13 quarters × (60 reps + 6 teams) = 858 rows; each team's quota is the sum of its reps'
    /// ÷ 1.1 to the thousand; every deal's forecast category fits its status.
    @Test func quotasAndForecastCategories() throws {
        let (_, files) = try generate(deals: 1_000, seed: 42)
        let quotas = rows(files["quotas.csv"])
        #expect(quotas[0].joined(separator: ",") == "rep,team,period,quota")
        #expect(quotas.count == 1 + 13 * 66)
        #expect(quotas[1][2] == "2024-10-01" && quotas.last?[2] == "2027-10-01")
        let first = quotas.dropFirst().filter { $0[2] == "2024-10-01" }
        for team in Set(first.map { $0[1] }) {
            let reps = first.filter { $0[1] == team && !$0[0].isEmpty }.compactMap { Double($0[3]) }
            let teamRow = first.first { $0[1] == team && $0[0].isEmpty }
            #expect(reps.count == 10)
            #expect(teamRow.flatMap { Double($0[3]) } == ((reps.reduce(0, +) / 1.1) / 1000).rounded() * 1000)
        }
        let deals = rows(files["deals.csv"]).dropFirst()
        let categories = ["Pipeline", "Best Case", "Commit", "Omitted", ""]
        for deal in deals {
            switch deal[9] {
            case "won": #expect(deal[16] == "Closed")
            case "lost": #expect(deal[16] == "Omitted")
            default: #expect(categories.contains(deal[16]), "deal \(deal[0]): \(deal[16])")
            }
        }
    }

    @Test func historyIsConsistentWithDeals() throws {
        let (_, files) = try generate(deals: 1_500, seed: 99)
        let deals = rows(files["deals.csv"]).dropFirst()
        let history = rows(files["history.csv"]).dropFirst()
        let order = GeneratorModel.stages
        var byDeal: [String: [[String]]] = [:]
        for row in history { byDeal[row[0], default: []].append(row) }
        #expect(byDeal.count == deals.count)
        for deal in deals {
            let (id, stage, status) = (deal[0], deal[8], deal[9])
            let path = try #require(byDeal[id])
            let positions = path.map { order.firstIndex(of: $0[1]) ?? -1 }
            #expect(positions.allSatisfy { $0 >= 0 })
            #expect(positions == positions.sorted(), "deal \(id) history out of stage order")
            #expect(path.last?[1] == stage, "deal \(id): last history stage differs from deal stage")
            for row in path { #expect(row[2].count == 19, "timestamp shape \(row[2])") }
            // One row per change, in time order; the last holds the deal's current close date and amount.
            #expect(path.map { $0[2] } == path.map { $0[2] }.sorted(), "deal \(id) history out of time order")
            #expect(path.last?[3] == deal[14], "deal \(id): last close date differs from the deal's")
            #expect(path.last?[4] == deal[10], "deal \(id): last amount differs from the deal's")
            switch status {
            case "won": #expect(stage == "Closed Won")
            case "lost": #expect(stage == "Closed Lost")
            case "open": #expect(order.prefix(5).contains(stage))
            default: Issue.record("unknown status \(status)")
            }
            // stage_entered is the date the deal entered its last stage (the first row of the last run of it).
            let entered = path.lastIndex { $0[1] != stage }.map { path[$0 + 1] } ?? path[0]
            #expect(String(entered[2].prefix(10)) == deal[15])
            #expect(deal[13] == String(path[0][2].prefix(10)), "created is the first stage's date")
        }
    }

    /// Close-date and amount edits, as rows repeating the stage: per open deal the pushes (a later close date than
    /// the row before), pulls (an earlier one) and amount changes. About half the open deals are pushed, some
    /// several times; some are pulled in; some amounts change. Edits never happen on or after the as-of date.
    @Test func historyLogsCloseDateAndAmountEdits() throws {
        let (_, files) = try generate(deals: 2_000, seed: 7)
        let deals = rows(files["deals.csv"]).dropFirst()
        let open = Set(deals.filter { $0[9] == "open" }.map { $0[0] })
        var byDeal: [String: [[String]]] = [:]
        for row in rows(files["history.csv"]).dropFirst() { byDeal[row[0], default: []].append(row) }
        var pushes: [String: Int] = [:]
        var pulled = 0
        var amended = 0
        for (id, path) in byDeal where open.contains(id) {
            var n = 0
            var pull = false
            var amount = false
            for (a, b) in zip(path.dropLast(), path.dropFirst()) {
                #expect(b[2] < "2026-11-01", "deal \(id): an edit on or after the as-of date")
                if b[3] > a[3] { n += 1 }
                if b[3] < a[3] { pull = true }
                if b[4] != a[4] { amount = true }
                // An edit changes the close date or the amount, else it is a stage change.
                #expect(b[1] != a[1] || b[3] != a[3] || b[4] != a[4], "deal \(id): a row that changes nothing")
            }
            pushes[id] = n
            if pull { pulled += 1 }
            if amount { amended += 1 }
        }
        let pushed = pushes.values.filter { $0 >= 1 }.count
        let several = pushes.values.filter { $0 >= 2 }.count
        #expect(open.count > 100)
        #expect(Double(pushed) > 0.4 * Double(open.count) && Double(pushed) < 0.7 * Double(open.count))
        #expect(Double(several) > 0.15 * Double(open.count))
        #expect(pulled > 0 && Double(pulled) < 0.2 * Double(open.count))
        #expect(Double(amended) > 0.1 * Double(open.count) && Double(amended) < 0.35 * Double(open.count))
    }

    @Test func valuesAndScoresAreInRange() throws {
        let (_, files) = try generate(deals: 1_000, seed: 5)
        for deal in rows(files["deals.csv"]).dropFirst() {
            let value = try #require(Double(deal[10]))
            #expect(value >= 1_000 && value <= 500_000)
            #expect(deal[10].split(separator: ".").last?.count == 2)
            let probability = try #require(Double(deal[11]))
            #expect(probability >= 0 && probability <= 1)
            let score = try #require(Int(deal[12]))
            #expect((0...100).contains(score))
            #expect(deal[13] < "2026-11-01")
        }
    }

    @Test func deterministicMathMatchesLibm() {
        for x in [1e-300, 0.001, 0.5, 0.999, 1, 1.5, 2, 10, 95_000, 1e300] {
            #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 4 * Foundation.log(x).ulp.magnitude + 1e-15)
        }
        for x in [-600.0, -10, -1, -1e-9, 0, 0.3, 1, 11.46, 300] {
            let want = Foundation.exp(x)
            #expect(abs(DeterministicMath.exp(x) - want) <= 8 * want.ulp)
        }
    }

    /// Writes a dataset for manual inspection when PIPEQ_GENERATE_DIR is set (N from PIPEQ_GENERATE_DEALS).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PIPEQ_GENERATE_DIR"] != nil))
    func writeInspectionDataset() throws {
        let env = ProcessInfo.processInfo.environment
        let deals = Int(env["PIPEQ_GENERATE_DEALS"] ?? "") ?? 5_000
        let start = Date()
        let summary = try PipelineGenerator(deals: deals, seed: 42).write(to: env["PIPEQ_GENERATE_DIR"]!)
        print(summary, String(format: "in %.2fs", Date().timeIntervalSince(start)))
    }
}

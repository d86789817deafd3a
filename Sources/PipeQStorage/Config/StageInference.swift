/// Stage history rows for `StageInference`: one entry per row, in any order.
public struct StageHistorySample: Sendable {
    /// A per-deal key: the integer deal id, or a dictionary code of a string id.
    public var dealKeys: [Int64]
    /// Stage of each row, as an index into `stageNames`.
    public var stageCodes: [UInt32]
    public var stageNames: [String]
    /// When each row's stage was entered (any monotonic unit: days or microseconds).
    public var entered: [Int64]
    /// 1 when these are all the history's rows; k when they are the rows of about one deal in k
    /// (whole deals, chosen by a hash of the deal key), which is plenty to rank stages.
    public var sampledOneIn = 1

    /// Rows as parallel arrays of equal length.
    public init(dealKeys: [Int64], stageCodes: [UInt32], stageNames: [String], entered: [Int64]) {
        precondition(
            dealKeys.count == stageCodes.count && stageCodes.count == entered.count, "history columns differ in length")
        self.dealKeys = dealKeys
        self.stageCodes = stageCodes
        self.stageNames = stageNames
        self.entered = entered
    }
}

/// Stage definitions guessed from the data when there is no `pipeline.toml`.
///
/// A CRM's default pipeline (`KnownPipelines`) is recognised by its stage names and used whole (order,
/// outcomes, probabilities). Otherwise outcomes come from the names ("Closed Won", "Lost") and the order of
/// open stages comes, in preference, from the history table (a stage's average position within each deal's path), else
/// from common stage-name vocabulary when every stage matches it, else from first appearance.
/// Won stages, then lost stages, always come last.
public enum StageInference {
    /// Stage definitions from the deals' distinct stage values (first-appearance order) and,
    /// when available, the history rows. The origin string says how the order was found.
    public static func infer(stageValues: [String], history: StageHistorySample? = nil) -> StageDefinitions {
        var seen = Set<String>()
        var names = stageValues.filter { !$0.isEmpty && seen.insert($0).inserted }
        // Stages that appear only in history still belong to the pipeline.
        if let history {
            for name in history.stageNames where !name.isEmpty && seen.insert(name).inserted { names.append(name) }
        }
        if let known = KnownPipelines.recognise(names) { return known }
        let open = names.filter { StageDefinitions.outcomeFromName($0) == .open }
        let won = names.filter { StageDefinitions.outcomeFromName($0) == .won }
        let lost = names.filter { StageDefinitions.outcomeFromName($0) == .lost }

        var ordered = open
        var how = "first appearance"
        if let history, let ranks = averageRanks(history), open.contains(where: { ranks[$0] != nil }) {
            let position = Dictionary(uniqueKeysWithValues: open.enumerated().map { ($1, $0) })
            // Stages missing from history keep their relative place after those found in it.
            ordered = open.sorted { a, b in
                switch (ranks[a], ranks[b]) {
                case (let x?, let y?): return x != y ? x < y : position[a]! < position[b]!
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return position[a]! < position[b]!
                }
            }
            how =
                history.sampledOneIn > 1
                ? "history order (\(distinctDeals(history)) deals, a 1-in-\(history.sampledOneIn) sample by deal)"
                : "history order (\(distinctDeals(history)) deals)"
        } else if !open.isEmpty, open.allSatisfy({ vocabularyRank($0) != nil }) {
            ordered = open.enumerated().sorted { a, b in
                let (x, y) = (vocabularyRank(a.element)!, vocabularyRank(b.element)!)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
            how = "common stage names"
        }

        var stages = ordered.map { StageDefinition(name: $0, outcome: .open) }
        stages += won.map { StageDefinition(name: $0, outcome: .won, probability: 1) }
        stages += lost.map { StageDefinition(name: $0, outcome: .lost, probability: 0) }
        let outcomes = won.isEmpty && lost.isEmpty ? "no won/lost stage names found" : "won/lost from stage names"
        var definitions = StageDefinitions(stages: stages, origin: "inferred: order from \(how), \(outcomes)")
        // Without history or a known pipeline the order of open stages is a guess, and results say so.
        definitions.isGuess = !how.hasPrefix("history") && open.count > 1
        return definitions
    }

    /// For each stage name, the average 0-based position at which deals entered it.
    static func averageRanks(_ history: StageHistorySample) -> [String: Double]? {
        let n = history.dealKeys.count
        guard n > 0 else { return nil }
        let rows = orderedRows(history)
        var sum = [Double](repeating: 0, count: history.stageNames.count)
        var count = [Int](repeating: 0, count: history.stageNames.count)
        var rank = 0
        for (k, row) in rows.enumerated() {
            if k > 0 && history.dealKeys[rows[k - 1]] != history.dealKeys[row] { rank = 0 }
            let code = Int(history.stageCodes[row])
            guard code < sum.count else { continue }
            sum[code] += Double(rank)
            count[code] += 1
            rank += 1
        }
        var ranks: [String: Double] = [:]
        for (code, name) in history.stageNames.enumerated() where count[code] > 0 {
            ranks[name] = sum[code] / Double(count[code])
        }
        return ranks
    }

    /// Row numbers ordered by deal, then time entered. Exports are usually in that order already: one
    /// linear check then saves sorting millions of rows.
    static func orderedRows(_ history: StageHistorySample) -> [Int] {
        let n = history.dealKeys.count
        let inOrder: Bool = history.dealKeys.withUnsafeBufferPointer { k in
            history.entered.withUnsafeBufferPointer { e in
                for i in 1..<max(1, n) where k[i - 1] > k[i] || (k[i - 1] == k[i] && e[i - 1] > e[i]) { return false }
                return true
            }
        }
        if inOrder { return Array(0..<n) }
        return (0..<n).sorted { a, b in
            let (ka, kb) = (history.dealKeys[a], history.dealKeys[b])
            if ka != kb { return ka < kb }
            let (ea, eb) = (history.entered[a], history.entered[b])
            return ea != eb ? ea < eb : a < b
        }
    }

    private static func distinctDeals(_ history: StageHistorySample) -> Int {
        let rows = orderedRows(history)
        var count = rows.isEmpty ? 0 : 1
        for k in rows.indices.dropFirst() where history.dealKeys[rows[k - 1]] != history.dealKeys[rows[k]] {
            count += 1
        }
        return count
    }

    /// Typical place of a stage in a B2B funnel, by keywords in its name; nil when unrecognised.
    static func vocabularyRank(_ name: String) -> Int? {
        let lower = name.lowercased()
        let vocabulary: [(String, Int)] = [
            ("lead", 0), ("new", 0), ("prospect", 1), ("contact", 2), ("qualif", 2), ("engag", 3),
            ("discover", 3), ("needs", 4), ("analysis", 4), ("assess", 4), ("demo", 5), ("evaluat", 5),
            ("solution", 5), ("proposal", 6), ("quote", 6), ("negotiat", 7), ("review", 7), ("commit", 8),
            ("contract", 8), ("closing", 8), ("verbal", 8),
        ]
        return vocabulary.first { lower.contains($0.0) }?.1
    }
}

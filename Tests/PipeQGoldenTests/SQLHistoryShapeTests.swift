import Foundation
import PipeQCore
import PipeQEngine
import PipeQSQL
import PipeQStorage
import Testing

/// The history verbs' SQL groups the history per deal before it meets the deals (issue 16: Malloy's users measured
/// seconds against milliseconds without that). Read from the compiled statement's CTE chain: the history table
/// is scanned once; the steps that read its rows (directly or through steps that neither group nor join) hold no
/// join; exactly one of the steps reading them groups them, by the deal id; and the join with the deals reads
/// that grouped step.
@Suite struct SQLHistoryShapeTests {
    /// One CTE of a compiled statement: its name and its SQL (one line each, as the compiler writes them).
    struct CTE {
        var name: String
        var sql: String
    }

    static func ctes(_ text: String) -> [CTE] {
        var out: [CTE] = []
        let lines = text.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() where line.hasSuffix(" AS (") && i + 1 < lines.count {
            let name = line.replacingOccurrences(of: "WITH ", with: "").components(separatedBy: " AS (")[0]
            out.append(CTE(name: name, sql: lines[i + 1]))
        }
        return out
    }

    /// The checks above for one statement; nil when they hold, else what failed.
    static func problem(_ text: String) -> String? {
        let chain = ctes(text)
        let scans = chain.filter { $0.sql.contains("FROM \"history\"") }
        guard scans.count == 1 else { return "history scanned \(scans.count) times" }
        // The steps carrying history rows: the scan, and every step reading one of them without grouping.
        var rows: Set<String> = [scans[0].name]
        var grouped: [CTE] = []
        func reads(_ cte: CTE, _ name: String) -> Bool {
            cte.sql.contains("FROM \(name)") || cte.sql.contains("JOIN \(name)")
        }
        for cte in chain where rows.contains(where: { reads(cte, $0) }) {
            if cte.sql.contains("GROUP BY") {
                grouped.append(cte)
            } else if !rows.contains(cte.name) {
                rows.insert(cte.name)
                if cte.sql.contains("JOIN") { return "\(cte.name) joins history rows: \(cte.sql)" }
            }
        }
        guard grouped.count == 1 else { return "\(grouped.count) groupings of history rows" }
        let perDeal = grouped[0]
        guard perDeal.sql.contains("GROUP BY \"deal_id\"") || perDeal.sql.contains("GROUP BY __id") else {
            return "the grouping is not by deal id: \(perDeal.sql)"
        }
        guard chain.contains(where: { $0.sql.contains("FROM \"deals\"") }) else { return "no deals" }
        guard chain.contains(where: { $0.sql.contains("JOIN \(perDeal.name)") }) else {
            return "no join reads the per-deal history \(perDeal.name)"
        }
        return nil
    }

    @Test(arguments: [
        "deals | funnel", "deals | funnel strict by rep", "deals asof 2026-06-30 | count by stage",
        "deals | changes from 2026-03-31 to 2026-06-30", "deals | changes summary from 2025-12-31 to 2026-10-31",
    ])
    func historyIsGroupedPerDealBeforeItMeetsTheDeals(_ query: String) throws {
        let catalog = try GoldenDatasets.catalog("fixture")
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        for dialect in SQLDialect.allCases {
            let text = try engine.sql(query, dialect: dialect).text
            #expect(Self.problem(text) == nil, "\(dialect): \(Self.problem(text) ?? "")\n\(text)")
        }
    }

    /// The same with close dates and amounts over time in the history (slippage): `changes` takes the terms from
    /// the one grouping per deal, `slipped` counts each deal's pushes before it meets the deals.
    @Test(arguments: ["deals | changes summary from 2026-03-31 to 2026-06-30", "deals | slipped"])
    func termsAreGroupedPerDealBeforeTheyMeetTheDeals(_ query: String) throws {
        let catalog = try GoldenDatasets.catalog("slippage")
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-07-15"))
        for dialect in SQLDialect.allCases {
            let text = try engine.sql(query, dialect: dialect).text
            #expect(Self.problem(text) == nil, "\(dialect): \(Self.problem(text) ?? "")\n\(text)")
        }
    }

    /// The check itself fails a join of raw history rows with the deals (what it guards against).
    @Test func aJoinOfHistoryRowsIsCaught() throws {
        let catalog = try GoldenDatasets.catalog("fixture")
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        let text = try engine.sql("deals | join history on id = deal_id | count by id", dialect: .postgres).text
        #expect(Self.problem(text)?.contains("joins history rows") == true, "\(text)")
    }

    /// The funnel's per-deal grouping of the history is grouped work by deal id too: on the sharded cluster each
    /// shard groups its own history rows (`Remote SQL: … GROUP BY 1` with the per-step `max(CASE …)`), and only one
    /// row per deal travels to the coordinator to meet the deals.
    @Test func funnelHistoryIsGroupedOnTheShards() throws {
        let cluster: PostgresCluster
        do {
            cluster = try PostgresCluster.start()
        } catch {
            Issue.record("\(error)")
            return
        }
        defer { cluster.stop() }
        let catalog = try GoldenDatasets.catalog("fixture")
        try cluster.load(catalog.tables, schema: "funnel")
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        let statement = try engine.sql("deals | funnel strict", dialect: .postgres)
        let plan = try cluster.coordinator.explain(statement.text, schema: "funnel")
        let shown = plan.joined(separator: "\n")
        let grouped = plan.filter {
            $0.contains("Remote SQL:") && $0.contains("FROM funnel.history") && $0.contains("GROUP BY")
        }
        #expect(grouped.count == 2, "\(shown)")
        for line in grouped { #expect(line.contains("max((CASE WHEN (stage = "), "\(shown)") }
    }
}

import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import Testing

/// Sparklines are drawn only by the renderer (issue 14): the `sparkline` aggregate's value is a list of monthly
/// counts, drawn in tables (Unicode or ASCII) and written as data in CSV, JSON and Markdown. Expected lines are computed by hand from the fixture (Tests/PipeQGoldenTests/Data/fixture).
@Suite struct SparklineTests {
    static let perOwner = "deals | inflow = sparkline created, n = count by owner"

    static func render(_ query: String, _ format: OutputFormat = .table, unicode: Bool = true) throws -> String {
        try ResultRenderer(format: format, chartStyle: ChartStyle(width: 72, unicode: unicode)).render(try FixtureEngine.result(query))
    }

    /// created runs from 2025-11 to 2026-10: 12 months, the same for every owner. Ana Ruiz's deals were created in
    /// 2026-01, 04, 06 and 07 (months 3, 6, 8, 9), Li Wei's in 2025-11, 2026-02 and 08, Sam Ode's in 2026-03, 09, 10.
    @Test func theEngineReturnsCountsNotGlyphs() throws {
        let result = try FixtureEngine.result(Self.perOwner)
        #expect(result.relation.fields[1].info.encoding == .monthlyCounts)
        #expect(result.value(row: 0, column: 1) == .string("0 0 1 0 0 1 0 1 1 0 0 0"))
        #expect(result.value(row: 1, column: 1) == .string("1 0 0 1 0 0 0 0 0 1 0 0"))
        #expect(result.value(row: 2, column: 1) == .string("0 0 0 0 1 0 0 0 0 0 1 1"))
    }

    @Test func csvMarkdownAndJSONCarryTheCounts() throws {
        let csv = try Self.render(Self.perOwner, .csv)
        #expect(csv == "owner,inflow,n\nAna Ruiz,0 0 1 0 0 1 0 1 1 0 0 0,4\nLi Wei,1 0 0 1 0 0 0 0 0 1 0 0,3\nSam Ode,0 0 0 0 1 0 0 0 0 0 1 1,3\n")
        #expect(try Self.render(Self.perOwner, .markdown).contains("| Li Wei | 1 0 0 1 0 0 0 0 0 1 0 0 | 3 |"))
        let json = try Self.render(Self.perOwner, .json)
        #expect(json.contains("{\"owner\": \"Sam Ode\", \"inflow\": [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1], \"n\": 3}"), "\(json)")
        for text in [csv, json] { #expect(!text.contains("█") && !text.contains("▄")) }
    }

    /// close_date per month from 2026-01 to 2027-01 (13 months): one deal in each of Jan–May, none Jun–Oct, one in
    /// Nov, two in Dec (ids 4 and 9), one in 2027-01; id 5 has none. Peak 2: a count of 1 is glyph ⌈8 × 1 ÷ 2⌉ = 4 of
    /// 8 ("▄", ASCII "3"), 2 is glyph 8 ("█", "7"), 0 a blank.
    @Test(arguments: [true, false])
    func tablesDrawTheCountsInTheStyle(unicode: Bool) throws {
        let one = try FixtureEngine.result("deals | sparkline close_date")
        #expect(one.value(row: 0, column: 0) == .string("1 1 1 1 1 0 0 0 0 0 1 2 1"))
        #expect(try Self.render("deals | sparkline close_date", unicode: unicode) == (unicode ? "▄▄▄▄▄     ▄█▄\n" : "33333     373\n"))
        let table = try Self.render(Self.perOwner, unicode: unicode)
        let full = unicode ? "█" : "7"
        #expect(table.contains(" Ana Ruiz |   \(full)  \(full) \(full)\(full)    | 4"), "\(table)")
    }

    /// The encoding follows the column through select, also under a new name.
    @Test func theCountsStayDrawnAfterSelect() throws {
        let table = try Self.render(Self.perOwner + " | select owner, s = inflow")
        #expect(table.contains(" Sam Ode  |     █     ██"), "\(table)")
    }

    @Test func noDatesOrAHundredYearsGiveNull() throws {
        let empty = try FixtureEngine.result("deals where close_date is null | sparkline close_date")
        #expect(empty.value(row: 0, column: 0) == .null)
        let wide = try ChartOutlierTests.result("d | sparkline created")  // 2024-01 … 9999-12
        #expect(wide.value(row: 0, column: 0) == .null)
    }
}

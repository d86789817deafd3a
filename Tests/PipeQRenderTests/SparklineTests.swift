import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// Sparklines are drawn only by the renderer (issue 14): the `sparkline` aggregate's value is a list of monthly
/// counts, drawn in tables (Unicode or ASCII) and written as data in CSV, JSON and Markdown; `| spark` draws a
/// result's number column. Expected lines are computed by hand from the fixture (Tests/PipeQGoldenTests/Data/fixture).
@Suite struct SparklineTests {
    static let perOwner = "deals | inflow = sparkline created, n = count by owner"

    static func render(_ query: String, _ format: OutputFormat = .table, unicode: Bool = true) throws -> String {
        try ResultRenderer(format: format, chartStyle: ChartStyle(width: 72, unicode: unicode)).render(
            try FixtureEngine.result(query))
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
        #expect(
            csv
                == "owner,inflow,n\nAna Ruiz,0 0 1 0 0 1 0 1 1 0 0 0,4\nLi Wei,1 0 0 1 0 0 0 0 0 1 0 0,3\nSam Ode,0 0 0 0 1 0 0 0 0 0 1 1,3\n"
        )
        #expect(try Self.render(Self.perOwner, .markdown).contains("| Li Wei | 1 0 0 1 0 0 0 0 0 1 0 0 | 3 |"))
        let json = try Self.render(Self.perOwner, .json)
        #expect(
            json.contains("{\"owner\": \"Sam Ode\", \"inflow\": [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1], \"n\": 3}"),
            "\(json)")
        for text in [csv, json] { #expect(!text.contains("█") && !text.contains("▄")) }
    }

    /// close_date per month from 2026-01 to 2027-01 (13 months): one deal in each of Jan–May, none Jun–Oct, one in
    /// Nov, two in Dec (ids 4 and 9), one in 2027-01; id 5 has none. Peak 2: a count of 1 is glyph ⌈8 × 1 ÷ 2⌉ = 4 of
    /// 8 ("▄", ASCII "3"), 2 is glyph 8 ("█", "7"), 0 a blank.
    @Test(arguments: [true, false])
    func tablesDrawTheCountsInTheStyle(unicode: Bool) throws {
        let one = try FixtureEngine.result("deals | sparkline close_date")
        #expect(one.value(row: 0, column: 0) == .string("1 1 1 1 1 0 0 0 0 0 1 2 1"))
        #expect(
            try Self.render("deals | sparkline close_date", unicode: unicode)
                == (unicode ? "▄▄▄▄▄     ▄█▄\n" : "33333     373\n"))
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

    /// sum amount by month(created): 2025-11 60,000; 2025-12 none; 2026-01 12,000; 02 5,000; 03 8,000; 04 20,000;
    /// 05 none; 06 30,000; 07 25,000; 08 45,000; 09 15,000; 10 null (id 5 has no amount). Heights are
    /// round(7 × v ÷ 60,000): 7, 1 (1.4), 1 (0.58), 1 (0.93), 2 (2.33), 4 (3.5), 3 (2.92), 5 (5.25), 2 (1.75).
    @Test(arguments: [true, false])
    func sparkDrawsTheNumberColumnWithGapsBlank(unicode: Bool) throws {
        let line = unicode ? "█ ▂▂▂▃ ▅▄▆▃ " : "7 1112 4352 "
        let expected =
            "sum_amount 2025-11-01 \(line) 2026-10-01  (min 5,000, max 60,000, 10 points, 2 periods with no rows drawn blank)\n"
        #expect(try Self.render("deals | sum amount by month(created) | spark", unicode: unicode) == expected)
    }

    /// A 9999-12-31 placeholder beside 36 months is left off the line with a note, as chart does, and the scale is
    /// that of the drawn points (36,000, not 5,000,000).
    @Test func sparkLeavesFarOutliersOut() throws {
        let result = try ChartOutlierTests.result("d | sum amount by month(created) | spark")
        let text = try ResultRenderer(chartStyle: ChartStyle(width: 80, unicode: true)).render(result)
        #expect(text.hasPrefix("sum_amount 2024-01-01 "), "\(text)")
        #expect(
            text.hasSuffix(" 2026-12-01  (min 1,000, max 36,000, 36 points; \(ChartOutlierTests.note))\n"), "\(text)")
    }
}

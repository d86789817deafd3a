import PipeQEngine
import PipeQRender
import PipeQTestSupport
import Testing

/// Charts for a terminal whose locale is not UTF-8 (`ChartStyle.fromEnvironment`: LC_ALL, LC_CTYPE or LANG
/// set without UTF-8): `#` bars, `|` and `+` axes, a digit scale for sparklines. Bars, column charts and
/// funnels are also golden-tested in Cases/charts-ascii.test.
@Suite struct ASCIIChartTests {
    static var ascii: ResultRenderer { ResultRenderer(chartStyle: ChartStyle(width: 72, unicode: false)) }
    static var unicode: ResultRenderer { ResultRenderer(chartStyle: ChartStyle(width: 72, unicode: true)) }

    /// `query`'s result on the golden fixture, drawn as `presentation`.
    static func drawn(_ query: String, as presentation: Presentation, by renderer: ResultRenderer) throws -> String {
        var result = try FixtureEngine.result(query)
        result.presentation = presentation
        return try renderer.render(result)
    }

    /// The sparkline presentation (`| spark`, which the parser cannot reach today: see charts.test) scales each
    /// value between min(0, lowest) and the highest to a level 0…7: digits in ASCII, eighth blocks in Unicode.
    @Test func sparklineLevels() throws {
        // sum amount by stage: null, 60,000, 25,000, 30,000, 80,000, 25,000; floor 0, top 80,000.
        // Levels round(v / 80,000 × 7): 5.25 → 5, 2.19 → 2, 2.63 → 3, 7, 2; a null is a blank.
        let query = "deals | sum amount by stage"
        #expect(
            try Self.drawn(query, as: .spark(value: nil), by: Self.ascii)
                == "sum_amount Prospecting  52372 Closed Lost  (min 25,000, max 80,000, 6 points)\n")
        #expect(
            try Self.drawn(query, as: .spark(value: nil), by: Self.unicode)
                == "sum_amount Prospecting  ▆▃▄█▃ Closed Lost  (min 25,000, max 80,000, 6 points)\n")
    }

    @Test func sparklineWithNegativeValuesStartsAtTheLowest() throws {
        // delta = amount - 20,000 by id: -8k, 10k, -15k, 25k, null, -12k, 5k, 40k, -5k, 0; floor -15,000,
        // top 40,000, so level = round((v + 15,000) / 55,000 × 7): 0.89 → 1, 3.18 → 3, 0, 5.09 → 5, blank,
        // 0.38 → 0, 2.55 → 3, 7, 1.27 → 1, 1.91 → 2.
        let query = "deals | extend delta = amount - 20000 | select id, delta"
        #expect(
            try Self.drawn(query, as: .spark(value: nil), by: Self.ascii)
                == "delta 1 1305 03712 10  (min -15,000, max 40,000, 10 points)\n")
        #expect(
            try Self.drawn(query, as: .spark(value: nil), by: Self.unicode)
                == "delta 1 ▂▄▁▆ ▁▄█▂▃ 10  (min -15,000, max 40,000, 10 points)\n")
    }

    /// Every drawing in ASCII mode, for its characters.
    static func asciiDrawings() throws -> [String: String] {
        let bars = "deals | extend delta = amount - 20000 | select id, delta | bar"
        return [
            "bar": try ascii.render(FixtureEngine.result(bars)),
            "chart": try ascii.render(FixtureEngine.result("deals | count by month(created) | chart")),
            "partial columns": try ascii.render(FixtureEngine.result("deals | count by quarter(created) | chart")),
            "funnel": try ascii.render(FixtureEngine.result("deals | funnel")),
            "spark": try drawn("deals | sum amount by stage", as: .spark(value: nil), by: ascii),
            "two labels": try ascii.render(FixtureEngine.result("deals | count by owner, stage | bar")),
        ]
    }

    /// The bars, axes and scales are ASCII. What is not yet: the middle dot that marks empty periods on a time
    /// axis and separates funnel captions and joined labels; it is the only other character, and the known
    /// issue fails when it goes, so this test is then tightened.
    @Test func asciiChartsUseOnlyASCII() throws {
        var others: [String: Set<Character>] = [:]
        for (name, text) in try Self.asciiDrawings() {
            let nonASCII = Set(text.filter { !$0.isASCII })
            if !nonASCII.isEmpty { others[name] = nonASCII }
        }
        #expect(Set(others.values.flatMap { $0 }).isSubset(of: ["·"]), "\(others)")
        withKnownIssue("\"·\" in ASCII charts: the gap mark on time axes, funnel captions, joined labels") {
            #expect(others.isEmpty, "\(others)")
        }
    }
}

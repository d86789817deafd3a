import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// SVG charts are well-formed XML with one bar per row and bar lengths proportional to the values.
@Suite struct SVGChartTests {
    /// The `<rect>` elements that draw data (those with a tooltip), as (x, width, height).
    static func bars(_ svg: String) throws -> [(x: Double, width: Double, height: Double)] {
        let document = try XMLDocument(xmlString: svg)
        let rects = (document.rootElement()?.children ?? []).compactMap { $0 as? XMLElement }
            .filter { $0.name == "rect" && ($0.children ?? []).contains { $0.name == "title" } }
        return rects.compactMap { element in
            // FoundationXML on Linux answers attribute(forName:) with nil under a default namespace: read the list.
            func number(_ name: String) -> Double? {
                element.attributes?.first { $0.name == name }?.stringValue.flatMap(Double.init)
            }
            guard let x = number("x"), let w = number("width"), let h = number("height") else { return nil }
            return (x, w, h)
        }
    }

    @Test func barChartHasOneBarPerRowProportionalToValues() throws {
        let result = try FixtureEngine.result("deals | sum amount by owner | bar")
        let svg = try ResultRenderer(format: .svg).render(result)
        let bars = try Self.bars(svg)
        #expect(bars.count == 3)
        // Ana Ruiz 87,000, Li Wei 110,000, Sam Ode 23,000.
        let values = [87_000.0, 110_000, 23_000]
        for (bar, value) in zip(bars, values) {
            #expect(abs(bar.width / bars[1].width - value / values[1]) < 0.01)
        }
    }

    @Test func columnChartMarksMissingPeriods() throws {
        let result = try FixtureEngine.result("deals | count by month(created) | chart")
        let svg = try ResultRenderer(format: .svg).render(result)
        let bars = try Self.bars(svg)
        #expect(bars.count == 10)
        #expect(svg.contains("· marks 2 periods with no rows"))  // 2025-12 and 2026-05 have no deals
        let heights = Set(bars.map { ($0.height * 10).rounded() })
        #expect(heights.count == 1)  // one deal a month: equal columns
    }

    @Test func negativeValuesGrowLeftOfTheAxis() throws {
        let result = try FixtureEngine.result("deals | extend delta = amount - 20000 | select id, delta | bar")
        let svg = try ResultRenderer(format: .svg).render(result)
        #expect(svg.contains("#c0392b"))  // negative colour used
        #expect(try Self.bars(svg).count == 9)  // the null amount has no bar
    }

    @Test func svgNeedsAChart() throws {
        let result = try FixtureEngine.result("deals | count by stage")
        #expect(throws: Diagnostic.self) { try ResultRenderer(format: .svg).render(result) }
    }

    @Test func reportIsSelfContained() throws {
        var report = HTMLReport(title: "t <&>", dataset: "fixture", asOf: "2026-11-01", generated: "now")
        report.entries.append(
            .init(
                query: "deals | sum amount by owner | bar",
                result: try FixtureEngine.result("deals | sum amount by owner | bar")))
        report.entries.append(.init(query: "deals | count", result: try FixtureEngine.result("deals | count")))
        let html = report.rendered()
        #expect(html.contains("t &lt;&amp;&gt;"))
        #expect(html.components(separatedBy: "<svg").count == 2)
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
    }

    /// A 5 MB label: the report's table shows its first 1,000 characters with a note, and the chart's
    /// tooltip a short cut, so the page holds the value once, cut, not twice whole.
    @Test func reportCutsBigCellsOnce() throws {
        let big = String(repeating: "y", count: 5_000_000)
        let table = TestTables.table(
            "t", [("label", TestTables.strings([big, "small"])), ("n", Column(.int([3, 4])))])
        guard case .rows(let result) = try QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 20_000).run("t")
        else { return }
        var report = HTMLReport(title: "big", dataset: "fixture", asOf: "2026-11-01", generated: "now")
        report.entries.append(.init(query: "t", result: result))
        let html = report.rendered()
        #expect(html.utf8.count < 50_000, "\(html.utf8.count) bytes")
        #expect(html.contains(String(repeating: "y", count: 1_000) + "…</td>"))
        #expect(html.contains("values longer than 1000 characters are cut"))
        #expect(html.contains("<svg"))
    }
}

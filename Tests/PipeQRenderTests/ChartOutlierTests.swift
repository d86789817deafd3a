import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import Testing

/// Issue 18 item 6: 36 months of deals and one 9999-12-31 placeholder made ~95,000 monthly periods; the chart
/// showed the last 75, all empty, and the SVG's 5,000 columns never reached the data. Far outlier periods are
/// now left out with a note, and the scale is that of the drawn columns.
@Suite struct ChartOutlierTests {
    static func result(_ query: String) throws -> QueryResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = "id,created,amount\n"
        var id = 0
        for year in 2024...2026 {
            for month in 1...12 {
                id += 1
                text += "\(id),\(year)-\(month < 10 ? "0" : "")\(month)-15,\(id * 1000)\n"
            }
        }
        text += "\(id + 1),9999-12-31,5000000\n"
        let file = directory.appendingPathComponent("d.csv")
        try Data(text.utf8).write(to: file)
        let catalog = try DatasetLoader.load(paths: [file.path]).catalog
        guard case .rows(let result) = try QueryEngine(catalog: catalog).run(query) else {
            throw Diagnostic(.execute, "no rows")
        }
        return result
    }

    static let note = "1 value beyond 2026-12-01 not drawn: 9999-12-01"

    @Test(arguments: [true, false])
    func terminalChartDrawsTheDataAndNotesTheOutlier(unicode: Bool) throws {
        let chart = try ResultRenderer(chartStyle: ChartStyle(width: 80, unicode: unicode))
            .render(try Self.result("d | sum amount by month(created) | chart"))
        let lines = chart.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("(\(Self.note))"), "\(chart)")
        // 36 columns, the last full height (36,000 is the top of the scale, not the outlier's 5,000,000).
        #expect(lines[0] == "sum_amount")
        #expect(lines[1].hasPrefix("36,000 " + (unicode ? "┤" : "|")), "\(chart)")
        let full = unicode ? "█" : "#"
        #expect(lines[10].hasSuffix(full), "\(chart)")
        #expect(lines[11].filter { $0 == (unicode ? "─" : "-") }.count == 36, "\(chart)")
        #expect(lines[12].contains("2024-01-01") && !chart.contains("last "), "\(chart)")
    }

    @Test func svgChartDrawsTheDataAndNotesTheOutlier() throws {
        let svg = try ResultRenderer(format: .svg).render(try Self.result("d | sum amount by month(created) | chart"))
        let bars = try SVGChartTests.bars(svg)
        #expect(bars.count == 36)
        #expect(bars.allSatisfy { $0.width > 10 })  // 36 columns across the plot, not 5,000
        #expect(svg.contains(Self.note))
    }

    /// A span the chart can draw is left alone, however uneven (Jan, Feb, Dec: no outlier).
    @Test func nearGapsAreGapsNotOutliers() throws {
        let chart = try ResultRenderer(chartStyle: ChartStyle(width: 80, unicode: false))
            .render(
                try Self.result(
                    "d where created < 2024-03-01 or month(created) = 2024-12-01 | count by month(created) | chart"))
        #expect(chart.contains("(· marks 9 periods with no rows)"), "\(chart)")
        #expect(!chart.contains("not drawn"))
    }
}

import PipeQCore
import PipeQEngine

/// Draws a result in the terminal according to its presentation.
public struct TerminalChartRenderer {
    public var style: ChartStyle

    public init(style: ChartStyle) {
        self.style = style
    }

    public func render(_ result: QueryResult, _ presentation: Presentation) throws(Diagnostic) -> String {
        switch presentation {
        case .bar(let value):
            return BarChart(style: style).render(try ChartData(result, value: value))
        case .chart(let value):
            let data = try ChartData(result, value: value)
            if data.count == 1 {
                return "(one row: nothing to chart over time)\n" + BarChart(style: style).render(data)
            }
            return ColumnChart(style: style).render(data)
        case .spark(let value):
            return Sparkline(style: style).render(try ChartData(result, value: value))
        case .funnel(let label, let value, let ofTop, let ofPrevious, let source):
            var data = try ChartData(result, value: value)
            data.labels = (0..<result.rowCount).map {
                TerminalEscaper.escape(ValueFormatter.human(result.value(row: $0, column: label)))
            }
            let captions = FunnelCaptions(result, ofTop: ofTop, ofPrevious: ofPrevious, source: source)
            return FunnelChart(style: style).render(data, percents: captions.perStage) + captions.footer
        }
    }
}

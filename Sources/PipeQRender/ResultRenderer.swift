import PipeQCore
import PipeQEngine

/// One entry point: a result in the chosen format, drawn as a chart when it asks to be and the format
/// is a picture (table → terminal chart, svg → SVG). CSV, JSON and Markdown always carry the data.
public struct ResultRenderer {
    public var format: OutputFormat
    public var table: TableRenderer
    public var spreadsheetSafe: Bool
    public var chartStyle: ChartStyle

    public init(format: OutputFormat = .table, table: TableRenderer = TableRenderer(), spreadsheetSafe: Bool = false,
                chartStyle: ChartStyle = ChartStyle()) {
        self.format = format
        self.table = table
        self.spreadsheetSafe = spreadsheetSafe
        self.chartStyle = chartStyle
    }

    /// The result, with its notes under it in the formats people read (table, Markdown). CSV, JSON and SVG
    /// stay pure data: their callers show `notes(of:)` apart (on standard error).
    public func render(_ result: QueryResult) throws(Diagnostic) -> String {
        let body = try renderData(result)
        guard format == .table || format == .markdown, !result.notes.isEmpty else { return body }
        return body + notes(of: result)
    }

    /// Whether `render` leaves the result's notes out (they must be shown elsewhere).
    public var leavesOutNotes: Bool { format != .table && format != .markdown }

    /// One `note:` line per note.
    public func notes(of result: QueryResult) -> String {
        result.notes.map { "note: \(TerminalEscaper.escape($0))\n" }.joined()
    }

    private func renderData(_ result: QueryResult) throws(Diagnostic) -> String {
        switch format {
        case .table:
            if let presentation = result.presentation {
                return try TerminalChartRenderer(style: chartStyle).render(result, presentation)
            }
            return table.render(result)
        case .csv: return MachineRenderers.csv(result, spreadsheetSafe: spreadsheetSafe)
        case .json: return MachineRenderers.json(result)
        case .markdown: return MachineRenderers.markdown(result)
        case .svg:
            guard let presentation = result.presentation else {
                throw Diagnostic(.execute, "SVG output needs a chart: end the query with | bar, | chart or a verb such as funnel")
            }
            return try SVGChartRenderer().render(result, presentation)
        }
    }
}

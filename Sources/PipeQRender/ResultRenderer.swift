import PipeQCore
import PipeQEngine

/// One entry point: a result in the chosen format, drawn as a chart when it asks to be and the format
/// is a picture (table → terminal chart, svg → SVG). CSV, JSON and Markdown always carry the data.
public struct ResultRenderer {
    public var format: OutputFormat
    public var table: TableRenderer
    public var spreadsheetSafe: Bool
    public var chartStyle: ChartStyle

    public init(
        format: OutputFormat = .table, table: TableRenderer = TableRenderer(), spreadsheetSafe: Bool = false,
        chartStyle: ChartStyle = ChartStyle()
    ) {
        self.format = format
        self.table = table
        self.spreadsheetSafe = spreadsheetSafe
        self.chartStyle = chartStyle
    }

    /// The result, with its notes under it in the formats people read (table, Markdown). CSV, JSON and SVG
    /// stay pure data: their callers show `notes(of:)` apart (on standard error).
    public func render(_ result: QueryResult) throws(Diagnostic) -> String {
        var out = ""
        try write(result, cancellation: nil) { (text: String) throws(Diagnostic) in out += text }
        return out
    }

    /// `render`, handed to `emit` a chunk at a time as it is formatted; stops with the cancellation
    /// diagnostic between chunks once `cancellation` is set (Ctrl-C during a long output).
    public func write(_ result: QueryResult, cancellation: CancellationFlag?, to emit: TextSink) throws(Diagnostic) {
        try writeData(result, cancellation, emit)
        if format.isForReading, !result.notes.isEmpty { try emit(notes(of: result)) }
    }

    /// Whether `render` leaves the result's notes out (they must be shown elsewhere).
    public var leavesOutNotes: Bool { !format.isForReading }

    /// One `note:` line per note.
    public func notes(of result: QueryResult) -> String {
        result.notes.map { "note: \(TerminalEscaper.escape($0))\n" }.joined()
    }

    private func writeData(_ result: QueryResult, _ cancellation: CancellationFlag?, _ emit: TextSink)
        throws(Diagnostic)
    {
        switch format {
        case .table, .box, .line:
            if let presentation = result.presentation {
                return try emit(try TerminalChartRenderer(style: chartStyle).render(result, presentation))
            }
            var table = table
            table.unicode = chartStyle.unicode
            table.boxed = format == .box
            if format == .line { table.expanded = .on }
            try table.write(result, cancellation: cancellation, to: emit)
        case .csv:
            try MachineRenderers.csv(result, spreadsheetSafe: spreadsheetSafe, cancellation: cancellation, to: emit)
        case .json: try MachineRenderers.json(result, cancellation: cancellation, to: emit)
        case .markdown: try MachineRenderers.markdown(result, cancellation: cancellation, to: emit)
        case .svg:
            guard let presentation = result.presentation else {
                throw Diagnostic(
                    .execute, "SVG output needs a chart: end the query with | bar, | chart or a verb such as funnel")
            }
            try emit(try SVGChartRenderer().render(result, presentation))
        }
    }
}

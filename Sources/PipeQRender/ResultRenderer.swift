import PipeQEngine

/// One entry point: a result in the chosen format.
public struct ResultRenderer {
    public var format: OutputFormat
    public var table: TableRenderer
    public var spreadsheetSafe: Bool

    public init(format: OutputFormat = .table, table: TableRenderer = TableRenderer(), spreadsheetSafe: Bool = false) {
        self.format = format
        self.table = table
        self.spreadsheetSafe = spreadsheetSafe
    }

    public func render(_ result: QueryResult) -> String {
        switch format {
        case .table: return table.render(result)
        case .csv: return MachineRenderers.csv(result, spreadsheetSafe: spreadsheetSafe)
        case .json: return MachineRenderers.json(result)
        case .markdown: return MachineRenderers.markdown(result)
        }
    }
}

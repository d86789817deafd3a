import PipeQCore

@testable import PipeQStorage

/// Loads CSV text as a table named `t` from the pretend path `t.csv`.
func loadCSV(_ text: String, options: CSVLoader.Options = .init()) throws -> Table {
    try CSVLoader.load(bytes: Array(text.utf8), path: "t.csv", tableName: "t", options: options)
}

/// The diagnostic loading `bytes` throws, or nil when it loads.
func loadError(_ bytes: [UInt8], options: CSVLoader.Options = .init()) -> Diagnostic? {
    do {
        _ = try CSVLoader.load(bytes: bytes, path: "t.csv", tableName: "t", options: options)
        return nil
    } catch {
        return error
    }
}

func loadError(_ text: String) -> Diagnostic? { loadError(Array(text.utf8)) }

/// A cell rendered as text: strings as is, numbers and dates in their usual forms, null as nil.
func cell(_ table: Table, _ column: String, _ row: Int) -> String? {
    guard let field = table.field(named: column) else { return "<no column \(column)>" }
    return render(field.column.value(at: row))
}

func render(_ value: Scalar) -> String? {
    switch value {
    case .null: return nil
    case .int(let v): return String(v)
    case .double(let v): return String(v)
    case .bool(let v): return String(v)
    case .date(let d): return CivilTime.formatDate(Int(d))
    case .timestamp(let t): return CivilTime.formatTimestamp(t)
    case .duration(let d): return "\(d)us"
    case .string(let s): return s
    }
}

/// Column names and types as `name:type` strings.
func schema(_ table: Table) -> [String] {
    table.fields.map { "\($0.name):\($0.type.rawValue)" }
}

/// Every cell of every row, for comparing whole tables.
func cells(_ table: Table) -> [[Scalar]] {
    (0..<table.rowCount).map { r in table.fields.map { $0.column.value(at: r) } }
}

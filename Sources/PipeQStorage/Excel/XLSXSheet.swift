/// One worksheet of an .xlsx workbook, converted to CSV.
public struct XLSXSheet: Sendable {
    /// The sheet's name as its tab shows it.
    public var name: String
    /// RFC 4180 CSV (UTF-8, comma, LF line ends), header row first; load it with
    /// `CSVLoader.load(bytes:path:tableName:)` so types are inferred as for any CSV file.
    public var csv: [UInt8]

    public init(name: String, csv: [UInt8]) {
        self.name = name
        self.csv = csv
    }
}

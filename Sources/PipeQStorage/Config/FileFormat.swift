/// How one CSV file writes its text, from its `[file."NAME.csv"]` table in pipeline.toml.
public struct FileFormat: Sendable, Equatable {
    /// `date_format` and `decimal`.
    public var valueFormat: ValueFormatOptions
    /// `encoding`; nil leaves it to the command line, else automatic.
    public var encoding: TextEncoding?

    public init(valueFormat: ValueFormatOptions = ValueFormatOptions(), encoding: TextEncoding? = nil) {
        self.valueFormat = valueFormat
        self.encoding = encoding
    }

    /// The keys a `[file."NAME.csv"]` table may have.
    public static let keys = ["date_format", "decimal", "encoding"]

    /// `options` with this file's settings filled in where `options` leaves them open (the command line wins).
    public func applied(under options: CSVLoader.Options) -> CSVLoader.Options {
        var merged = options
        merged.valueFormat = valueFormat.overridden(by: options.valueFormat)
        if options.encoding == .auto, let encoding { merged.encoding = encoding }
        return merged
    }
}

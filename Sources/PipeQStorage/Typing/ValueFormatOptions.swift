/// How a file writes dates and numbers, for the values the fast CSV path leaves as text (see `ColumnRetyper`).
///
/// Every field is optional: without them the retyper decides per column from the values themselves.
public struct ValueFormatOptions: Sendable, Equatable {
    /// A strftime-style date format (`%m/%d/%Y`, `%d.%m.%Y %H:%M`, `%Y-%m-%d %I:%M %p`; see `DateFormat`).
    /// Values may carry a time after the date even when the format has none. ISO dates are read as well.
    public var dateFormat: String?
    /// The decimal separator, ASCII `.` or `,`; nil decides per column from its values.
    public var decimal: UInt8?
    /// Set by the loader for `;`-delimited files: when a column's values read either way (`1.250`),
    /// the comma is the decimal separator and the dot groups thousands.
    public var decimalCommaLikely: Bool

    public init(dateFormat: String? = nil, decimal: UInt8? = nil, decimalCommaLikely: Bool = false) {
        self.dateFormat = dateFormat
        self.decimal = decimal
        self.decimalCommaLikely = decimalCommaLikely
    }

    /// True when nothing was asked for explicitly (the loader's own hints aside).
    public var isAutomatic: Bool { dateFormat == nil && decimal == nil }

    /// `self`, with the fields `other` sets taken from `other` (command-line options over a file's own).
    public func overridden(by other: ValueFormatOptions) -> ValueFormatOptions {
        var merged = self
        if let f = other.dateFormat { merged.dateFormat = f }
        if let d = other.decimal { merged.decimal = d }
        return merged
    }

    /// `"."` or `","` as the byte, else nil (for the `--decimal` option and `decimal =` in pipeline.toml).
    public static func decimalSeparator(named text: String) -> UInt8? {
        switch text {
        case ".": return UInt8(ascii: ".")
        case ",": return UInt8(ascii: ",")
        default: return nil
        }
    }
}

/// How a datetime column's values were written, under pipeq's one time-zone rule (`CivilTime.parseZonedTimestamp`):
/// values with `Z` or a UTC offset are converted to UTC; values without are taken as written (the wall time of the
/// export). `--schema` says which a column was.
public enum TimestampZone: Sendable, Equatable {
    /// No value had a zone.
    case none
    /// Every value had `Z` or an offset, and was converted to UTC.
    case utc
    /// Some values had a zone (converted to UTC), some did not (as written): the column mixes two clocks.
    case mixed

    /// From whether any value had a zone and any had none.
    public init(zoned: Bool, plain: Bool) {
        self = zoned ? (plain ? .mixed : .utc) : .none
    }

    /// The `--schema` note for a datetime column.
    public var schemaNote: String {
        switch self {
        case .none: return "no time zone"
        case .utc: return "UTC, converted from offsets"
        case .mixed: return "mixed: UTC from offsets, the rest without time zone"
        }
    }

    /// The load note for `column` of `table`, nil for `.none` (nothing was converted).
    public func loadNote(table: String, column: String) -> String? {
        switch self {
        case .none: return nil
        case .utc: return "\(table): \(column) has times with Z or a UTC offset, converted to UTC"
        case .mixed:
            return
                "\(table): \(column) mixes times with Z or a UTC offset (converted to UTC) and times without (taken as written): "
                + "the two may be hours apart"
        }
    }
}

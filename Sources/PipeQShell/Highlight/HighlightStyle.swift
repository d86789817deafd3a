/// What a piece of the input line is, for colouring it: each kind has one look on the terminal.
public enum HighlightStyle: Sendable, Equatable {
    /// Grammar words: `where`, `by`, `and`, `let`, `asof`, verb options (`strict`).
    case keyword
    /// A pipeline stage's word (`count`, `funnel`, `top`), from `StageTable`.
    case stage
    case string
    case number
    case duration
    /// Dates, datetimes and the date words `today`, `now`.
    case date
    /// A table or `let` name.
    case table
    /// A column of a table in the catalog or of the stage's input.
    case column
    /// A function called with `(`.
    case function
    /// A bare name that is none of the above: probably a typo.
    case unknown
    /// Text the lexer refuses (an unknown character, a malformed literal).
    case invalid
    /// A `#` comment.
    case comment
    /// A meta-command's name (`.load`).
    case metaCommand

    /// The SGR parameters that draw it (ANSI, 16 colours, so any colour terminal shows them).
    public var sgr: String {
        switch self {
        case .keyword: return "1;34"  // bold blue
        case .stage: return "1;35"  // bold magenta
        case .string: return "32"  // green
        case .number, .duration: return "36"  // cyan
        case .date: return "33"  // yellow
        case .table: return "1;33"  // bold yellow
        case .column: return "0"  // the terminal's own colour: the common case stays calm
        case .function: return "34"  // blue
        case .unknown: return "4;31"  // red, underlined
        case .invalid: return "7;31"  // red, reversed
        case .comment: return "2"  // dim
        case .metaCommand: return "1;35"
        }
    }
}

/// A styled range of UTF-8 byte offsets in the classified text.
public struct HighlightSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var style: HighlightStyle

    public init(_ start: Int, _ end: Int, _ style: HighlightStyle) {
        self.start = start
        self.end = end
        self.style = style
    }
}

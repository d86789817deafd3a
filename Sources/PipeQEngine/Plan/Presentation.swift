/// How a result asks to be drawn. Set by the presentation stages `| bar`, `| chart`, `| spark`, or by a
/// verb whose result has a natural picture (a funnel). Text formats (CSV, JSON) ignore it.
public enum Presentation: Sendable, Equatable {
    /// Horizontal bars, one per row; `value` is the field drawn (nil: the first numeric field).
    case bar(value: Int?)
    /// A column chart over a time-bucketed first field, gaps visible.
    case chart(value: Int?)
    /// A one-line sparkline of the value field.
    case spark(value: Int?)
    /// Centred shrinking bars: a label field, a count field, the share of the top and of the previous step,
    /// and a field saying where the counts came from.
    case funnel(label: Int, value: Int, ofTop: Int?, ofPrevious: Int?, source: Int?)
}

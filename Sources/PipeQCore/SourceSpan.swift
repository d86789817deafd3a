/// A half-open range of UTF-8 byte offsets into a query's text.
///
/// Line and column are computed only when a diagnostic is rendered.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The span covering both `self` and `other`.
    public func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }

    public var length: Int { end - start }
    public var description: String { "\(start)..<\(end)" }
}

import PipeQCore

/// The one check of how many arguments a function call has (scalar and window functions alike):
/// "round() takes 1 to 2 arguments, got 3", pointing at the call, with the function's usage as the hint.
enum CallArity {
    static func check(_ name: String, usage: String, count: Int, _ range: ClosedRange<Int>, span: SourceSpan)
        throws(Diagnostic)
    {
        guard !range.contains(count) else { return }
        let expected =
            range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        throw Diagnostic(
            .bind, "\(name)() takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), got \(count)", span: span,
            hint: usage)
    }
}

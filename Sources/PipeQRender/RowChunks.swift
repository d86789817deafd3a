import PipeQCore
import PipeQEngine

/// Rendered text goes out a chunk of rows at a time: the first bytes leave at once, memory holds one
/// chunk, not the whole result, and Ctrl-C (the engine's cancellation flag) stops the output between chunks.
public typealias TextSink = (String) throws(Diagnostic) -> Void

enum RowChunks {
    /// Rows per chunk: CSV formats about 100k deal rows a second on one core, so a chunk is a few
    /// tens of milliseconds of work, well inside Ctrl-C's 100 ms.
    static let rows = 2_048

    /// Calls `body` with consecutive row ranges covering `0..<count`, looking at `cancellation` before each.
    static func forEach(_ count: Int, cancellation: CancellationFlag?, _ body: (Range<Int>) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        var start = 0
        while start < count {
            if let cancellation, cancellation.isCancelled { throw ExecutionContext.cancelled }
            let end = min(count, start + rows)
            try body(start..<end)
            start = end
        }
    }
}

import PipeQCore
import Synchronization

/// A flag the shell sets on Ctrl-C; the engine checks it between chunks and stops with a diagnostic.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// For long loops over rows: true every 16,384th `i` once the user asked to stop. A loop that sees
    /// it stops early and leaves a partial result, which the executor discards (it checks after each step).
    @inline(__always)
    func shouldStop(_ i: Int) -> Bool {
        i & 0x3FFF == 0 && isCancelled
    }

    /// Sorts, checking the flag every 16,384 comparisons (a sort of 10M rows takes seconds).
    func sort<T>(_ array: inout [T], by areInIncreasingOrder: (T, T) -> Bool) throws(Diagnostic) {
        var comparisons = 0
        do {
            try array.sort { a, b in
                comparisons &+= 1
                if shouldStop(comparisons) { throw ExecutionContext.cancelled }
                return areInIncreasingOrder(a, b)
            }
        } catch {
            throw ExecutionContext.cancelled
        }
    }
}

/// What operators need while running: cancellation and the as-of instant.
public struct ExecutionContext: Sendable {
    public var cancellation: CancellationFlag
    public var asOfDay: Int32

    public init(cancellation: CancellationFlag = CancellationFlag(), asOfDay: Int32) {
        self.cancellation = cancellation
        self.asOfDay = asOfDay
    }

    static let cancelled = Diagnostic(.execute, "query cancelled")

    /// Throws when the user asked to stop.
    public func checkCancelled() throws(Diagnostic) {
        if cancellation.isCancelled { throw Self.cancelled }
    }
}

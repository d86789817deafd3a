import PipeQCore
import Synchronization

/// A flag the shell sets on Ctrl-C; the engine checks it between chunks and stops with a diagnostic.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// What operators need while running: cancellation and the as-of instant.
public struct ExecutionContext: Sendable {
    public var cancellation: CancellationFlag
    public var asOfDay: Int32

    public init(cancellation: CancellationFlag = CancellationFlag(), asOfDay: Int32) {
        self.cancellation = cancellation
        self.asOfDay = asOfDay
    }

    /// Throws when the user asked to stop.
    public func checkCancelled() throws(Diagnostic) {
        if cancellation.isCancelled { throw Diagnostic(.execute, "query cancelled") }
    }
}

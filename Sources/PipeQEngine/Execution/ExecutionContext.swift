import PipeQCore
import Synchronization

/// A flag the shell sets on Ctrl-C; the engine checks it between chunks and stops with a diagnostic.
///
/// Every look at the flag is counted (`polls`): long loops look once per 16,384 rows, so the count is
/// cheap to keep and lets tests check deterministically, whatever the machine's load, that a step
/// looks often while it works and stops looking (stops working) soon after a cancel (`cancel(atPoll:)`).
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    private let pollCount = Atomic<Int>(0)
    private let tripPoll = Atomic<Int>(.max)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    /// Clears the flag and the poll count (each query starts with this); a pending `cancel(atPoll:)` stays.
    public func reset() {
        flag.store(false, ordering: .relaxed)
        pollCount.store(0, ordering: .relaxed)
    }
    public var isCancelled: Bool {
        let poll = pollCount.wrappingAdd(1, ordering: .relaxed).newValue
        if poll >= tripPoll.load(ordering: .relaxed) {
            tripPoll.store(.max, ordering: .relaxed)
            flag.store(true, ordering: .relaxed)
        }
        return flag.load(ordering: .relaxed)
    }

    /// Whether Ctrl-C has been seen (by a look, or pressed since). Not itself a look (`polls` does not count
    /// it): for telling, after a watched loop, whether it stopped early and its result is partial.
    var wasCancelled: Bool { flag.load(ordering: .relaxed) }

    /// How often the flag was looked at since the last `reset()`.
    public var polls: Int { pollCount.load(ordering: .relaxed) }

    /// For tests: a Ctrl-C that arrives exactly at the `poll`th look of the next query (polls count
    /// from its start). One-shot.
    public func cancel(atPoll poll: Int) { tripPoll.store(poll, ordering: .relaxed) }

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

/// Notes operators leave for the result while running ("a date moved past 9999-12-31 is null"), each once.
public final class ExecutionNotes: Sendable {
    private let notes = Mutex<[String]>([])
    public init() {}
    func add(_ note: String) { notes.withLock { if !$0.contains(note) { $0.append(note) } } }
    public var all: [String] { notes.withLock { $0 } }
}

/// What operators need while running: cancellation, the as-of instant, where to leave notes, and the
/// pipeline rebuilt as of a past day (kept between queries by the engine).
public struct ExecutionContext: Sendable {
    public var cancellation: CancellationFlag
    public var asOfDay: Int32
    public var notes: ExecutionNotes
    public var asOfCatalogs: AsOfCatalogs

    public init(
        cancellation: CancellationFlag = CancellationFlag(), asOfDay: Int32, notes: ExecutionNotes = ExecutionNotes(),
        asOfCatalogs: AsOfCatalogs = AsOfCatalogs()
    ) {
        self.cancellation = cancellation
        self.asOfDay = asOfDay
        self.notes = notes
        self.asOfCatalogs = asOfCatalogs
    }

    /// What a step (or the output of a result) throws when the user asked to stop.
    public static let cancelled = Diagnostic.cancelled

    /// Throws when the user asked to stop.
    public func checkCancelled() throws(Diagnostic) {
        if cancellation.isCancelled { throw Self.cancelled }
    }
}

import Dispatch
import Synchronization

/// Runs independent iterations on all cores. Callers guarantee that iteration `i` only writes state no
/// other iteration touches (its own slot of an output buffer, its own partial result).
public enum Parallel {
    private static let threadLimit = Atomic<Int>(defaultThreads())

    /// Threads to use for large work: every core (at most 8), or `PIPEQ_THREADS`; settable (the benchmark
    /// measures 1 and 2 threads).
    public static var coreCount: Int {
        get { threadLimit.load(ordering: .relaxed) }
        set { threadLimit.store(max(1, newValue), ordering: .relaxed) }
    }

    private static func defaultThreads() -> Int {
        if let text = getenv("PIPEQ_THREADS"), let n = Int(String(cString: text)), n >= 1 { return min(n, 64) }
        return max(1, min(8, System.activeProcessorCount))
    }

    /// Inputs below this many rows run on one thread: splitting them costs more than it saves.
    public static let minimumRowsToSplit = 1 << 20

    @inlinable
    public static func forEach(_ count: Int, threads: Int = coreCount, _ body: (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(value: body)
            DispatchQueue.concurrentPerform(iterations: count) { work.value($0) }
        }
    }

    /// How many chunks to split `rows` into: one per core when large, else one.
    public static func chunkCount(rows: Int) -> Int {
        rows >= minimumRowsToSplit ? coreCount : 1
    }

    /// The half-open row range of chunk `i` of `chunks` over `rows`.
    public static func range(_ i: Int, of chunks: Int, rows: Int) -> Range<Int> {
        let size = (rows + chunks - 1) / chunks
        return min(rows, i * size)..<min(rows, (i + 1) * size)
    }

    /// Rows per morsel. Unlike chunks, morsels are cut at fixed boundaries whatever the thread count,
    /// so work merged in morsel order (floating-point sums) gives the same answer on any number of cores.
    public static let morselRows = 1 << 20

    /// How many morsels `rows` rows make (0 for none).
    public static func morselCount(rows: Int) -> Int {
        (rows + morselRows - 1) / morselRows
    }

    /// The half-open row range of morsel `m` over `rows`.
    public static func morsel(_ m: Int, rows: Int) -> Range<Int> {
        min(rows, m * morselRows)..<min(rows, (m + 1) * morselRows)
    }

    @usableFromInline
    struct UncheckedSendable<T>: @unchecked Sendable {
        @usableFromInline
        let value: T
        @inlinable init(value: T) { self.value = value }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum System {
    static var activeProcessorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

import Dispatch

/// Runs independent iterations on all cores. Callers guarantee that iteration `i` only writes
/// state no other iteration touches (its own slot of an output buffer).
enum CSVParallel {
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(value: body)
            DispatchQueue.concurrentPerform(iterations: count) { work.value($0) }
        }
    }

    private struct UncheckedSendable<T>: @unchecked Sendable {
        let value: T
    }
}

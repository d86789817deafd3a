import Foundation
import PipeQEngine
import Synchronization

/// Set by the SIGINT handler; read by the line editor (abandon the line) and the shell (a query was cancelled).
let interruptReceived = Atomic<Bool>(false)
/// The engine's cancellation flag, as a raw pointer the signal handler can reach (0: none). The flag lives
/// as long as the session's engine, which outlives the shell.
let cancellationTarget = Atomic<UInt>(0)

/// Ctrl-C handling: a SIGINT handler (installed with `sigaction`, no SA_RESTART, so a blocked `read`
/// returns EINTR) that only sets atomics — the interrupt flag and the running query's cancellation flag.
enum InterruptSignal {
    /// Installs the handler, unblocks SIGINT (a parent may have blocked it) and points it at `cancellation`.
    static func install(cancelling cancellation: CancellationFlag) {
        cancellationTarget.store(
            UInt(bitPattern: Unmanaged.passUnretained(cancellation).toOpaque()), ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptReceived.store(true, ordering: .sequentiallyConsistent)
            let target = cancellationTarget.load(ordering: .sequentiallyConsistent)
            if target != 0, let pointer = UnsafeRawPointer(bitPattern: target) {
                Unmanaged<CancellationFlag>.fromOpaque(pointer).takeUnretainedValue().cancel()
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// True once Ctrl-C was pressed since the last `clear()`.
    static var isSet: Bool { interruptReceived.load(ordering: .sequentiallyConsistent) }

    static func clear() { interruptReceived.store(false, ordering: .sequentiallyConsistent) }
}

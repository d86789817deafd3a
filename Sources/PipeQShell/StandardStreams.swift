import Foundation
import PipeQCore
import PipeQRender
import PipeQStorage

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output and standard error, written so that no failure crashes pipeq.
///
/// Standard output that can't be written ends the run: a closed pipe (`pipeq … | head`) quietly with status
/// 141, what a shell reports for a process ended by SIGPIPE (pipeq may have SIGPIPE ignored by its parent,
/// and then sees EPIPE instead of the signal); anything else (a full disk, an I/O error) with
/// "error: cannot write output: REASON" on standard error and status 1. Either way nothing more is computed
/// for output that can't go anywhere. Standard error that can't be written is ignored: there is nowhere
/// left to say so, and the exit status still tells.
public enum StandardStreams {
    /// The exit status after standard output's reader went away: 128 + SIGPIPE, as if killed by the signal.
    public static let brokenPipeStatus: Int32 = 141

    public static func writeOutput(_ text: String) {
        do throws(FileDescriptorWriter.Failure) {
            try FileDescriptorWriter.writeAll(STDOUT_FILENO, text)
        } catch {
            endAfterOutputFailure(error)
        }
    }

    public static func writeError(_ text: String) {
        try? FileDescriptorWriter.writeAll(STDERR_FILENO, text)
    }

    /// Ends the process after standard output failed (see the type's notes). Background snapshot writes
    /// finish first, as on every exit.
    public static func endAfterOutputFailure(_ failure: FileDescriptorWriter.Failure) -> Never {
        if !failure.isBrokenPipe { report(Diagnostic(.io, "cannot write output: \(failure.message)")) }
        SnapshotCache.finishWrites()
        exit(failure.isBrokenPipe ? brokenPipeStatus : 1)
    }
}

/// Writes a diagnostic to standard error the one way every error is written (`DiagnosticRenderer`).
public func report(_ diagnostic: Diagnostic) {
    StandardStreams.writeError(DiagnosticRenderer().render(diagnostic))
}

/// Writes any error to standard error: a diagnostic as itself, anything else as an I/O diagnostic.
public func report(_ error: any Error) {
    report((error as? Diagnostic) ?? Diagnostic(.io, "\(error)"))
}

/// Writes to standard error (a failure is ignored: see `StandardStreams`).
public func writeError(_ text: String) {
    StandardStreams.writeError(text)
}

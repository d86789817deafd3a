import Foundation
import PipeQCore
import PipeQStorage

#if canImport(Glibc)
    import Glibc
#endif

/// A line on standard error saying that long work goes on: drawn once the work has taken a second, redrawn in
/// place (carriage return, clear to the end of the line) ten times a second, erased when the work ends. Only for
/// a terminal at the interactive prompt (`isWanted`): pipes and scripts never see it.
final class ProgressLine: @unchecked Sendable {
    /// How long work goes before the line appears, and how often it is redrawn.
    static let delay = 1.0
    static let interval = 0.1

    /// True when progress may be drawn: `interactive` work and standard error a terminal.
    static func isWanted(interactive: Bool) -> Bool {
        interactive && isatty(STDERR_FILENO) != 0
    }

    private let text: (Double) -> String?
    private let lock = NSLock()
    private var stopped = false
    private var drawn = false
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let start = DispatchTime.now()

    /// Starts drawing `text(seconds since the start)` (nil: nothing to show now) on a thread of its own.
    init(text: @escaping (Double) -> String?) {
        self.text = text
        Thread.detachNewThread { [self] in run() }
    }

    /// Stops drawing and erases the line; nothing is drawn after this returns.
    func stop() {
        lock.withLock { stopped = true }
        wake.signal()
        finished.wait()
        if drawn { StandardStreams.writeError("\r\u{1B}[K") }
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    private func run() {
        defer { finished.signal() }
        while wake.wait(timeout: .now() + Self.interval) == .timedOut {
            let seconds = elapsed
            guard seconds >= Self.delay, let line = text(seconds) else { continue }
            let width = max(20, TerminalStyle.errorColumns - 1)
            let shown = line.count > width ? String(line.prefix(width - 1)) + "…" : line
            lock.withLock {
                guard !stopped else { return }
                StandardStreams.writeError("\r\u{1B}[K" + shown)
                drawn = true
            }
        }
    }

    /// A line for a running query: "running… 1.4 s (Ctrl-C cancels)".
    static func query() -> ProgressLine {
        ProgressLine { seconds in String(format: "running… %.1f s (Ctrl-C cancels)", seconds) }
    }

    /// A line for loading: the file, bytes read of its size, rows, and the rate.
    static func loading(_ progress: LoadProgress) -> ProgressLine {
        var file = ""
        var fileStart = 0.0
        return ProgressLine { seconds in
            guard let now = progress.current else { return nil }
            if now.file != file { (file, fileStart) = (now.file, seconds) }
            return text(now, seconds: seconds - fileStart)
        }
    }

    /// How `LoadProgress` reads after `seconds` on its file.
    static func text(_ now: LoadProgress.Snapshot, seconds: Double) -> String {
        let name = (now.file as NSString).lastPathComponent
        switch now.phase {
        case .readingSnapshot:
            guard now.bytesTotal > 0 else { return "loading \(name): reading its snapshot" }
            return "loading \(name): reading its snapshot, \(bytes(now.bytesDone)) of \(bytes(now.bytesTotal))"
        case .writingSnapshot:
            return "saving the snapshot of \(name) to the cache: \(bytes(now.bytesDone)) written"
        case .building:
            return "loading \(name): \(TextGrid.count(now.rows)) rows read, building the columns"
        case .parsing where now.bytesDone == 0 && now.bytesTotal > 0:
            return "loading \(name) (\(bytes(now.bytesTotal)))"
        case .parsing:
            var line = "loading \(name): \(bytes(now.bytesDone))"
            if now.bytesTotal > 0 { line += " of \(bytes(now.bytesTotal))" }
            line += ", \(TextGrid.count(now.rows)) rows"
            if seconds > 0.2 { line += ", \(bytes(Int(Double(now.bytesDone) / seconds)))/s" }
            return line
        }
    }

    /// A byte count people read: "412 MB", "1.2 GB".
    static func bytes(_ n: Int) -> String {
        let value = Double(n)
        if value >= 1e9 { return String(format: "%.1f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.0f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.0f kB", value / 1e3) }
        return "\(n) bytes"
    }
}

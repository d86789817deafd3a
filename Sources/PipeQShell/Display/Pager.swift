import Foundation
import PipeQCore
import PipeQEngine

#if canImport(Glibc)
    import Glibc
#endif

/// One result on its way to the terminal, through `$PAGER` (default `less -SRFX`) when it is taller than the
/// screen (or always, with `.pager on`). Text is held until it fills the screen; then the pager is started,
/// handed what was held, and streamed the rest. A pager that is not installed is said once and the result printed
/// directly; quitting the pager (`q`) stops the output quietly.
final class Pager {
    /// The pager command: `$PAGER`, else `less -SRFX` (chop long lines, keep colours, quit when one screen, leave
    /// the text on the screen).
    static var command: String {
        let value = ProcessInfo.processInfo.environment["PAGER"]?.trimmingWhitespace() ?? ""
        return value.isEmpty ? "less -SRFX" : value
    }

    private let command: String
    private let screen: (columns: Int, rows: Int)
    private let always: Bool
    private let direct: (String) -> Void
    private var held = ""
    private var heldLines = 0
    /// The pager's process, the pipe to its standard input, and the SIGPIPE disposition to restore after it.
    private var process: (pid: pid_t, input: Int32, sigpipe: __sighandler_t?)?
    /// Set once held text went out without the pager (it fits, or the pager could not start).
    private var printingDirectly = false
    /// True once the pager went away (`q`) while text was still coming.
    private(set) var quit = false
    /// True once the pager was started (and after it ended).
    private(set) var started = false

    init(
        command: String = Pager.command, screen: (columns: Int, rows: Int), always: Bool,
        direct: @escaping (String) -> Void
    ) {
        self.command = command
        self.screen = screen
        self.always = always
        self.direct = direct
    }

    /// Writes a chunk of the result; throws the cancellation diagnostic once the pager has quit.
    func write(_ text: String) throws(Diagnostic) {
        if quit { throw ExecutionContext.cancelled }
        if printingDirectly { return direct(text) }
        if let process {
            return try send(text, to: process.input)
        }
        held += text
        heldLines += Self.screenLines(text, columns: screen.columns)
        if always || heldLines >= screen.rows - 1 { try start() }
    }

    /// Ends the result: prints what is held when the pager was not needed, else closes its input and waits for it.
    func finish() {
        if let process {
            close(process.input)
            var status: Int32 = 0
            while waitpid(process.pid, &status, 0) < 0 && errno == EINTR {}
            signal(SIGPIPE, process.sigpipe)
            self.process = nil
        } else if !printingDirectly {
            direct(held)
            held = ""
        }
    }

    /// How many screen lines `text` takes on a terminal `columns` wide (long lines wrap).
    static func screenLines(_ text: String, columns: Int) -> Int {
        var lines = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            lines += max(1, (line.count + columns - 1) / max(1, columns))
        }
        return lines
    }

    private func start() throws(Diagnostic) {
        guard let program = Self.program(of: command) else {
            writeError(
                "error: pager \"\(command)\" not found (set PAGER to another, or .pager off); printing directly\n")
            return printHeldDirectly()
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return printHeldDirectly() }
        // Neither end stays open in the pager beyond its standard input (nor in later children).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            writeError(
                "error: cannot start pager \(program): \(String(cString: strerror(spawned))); printing directly\n")
            return printHeldDirectly()
        }
        // A pager that quits before the end must not kill pipeq: its writes fail with EPIPE instead.
        let sigpipe = signal(SIGPIPE, SIG_IGN)
        process = (pid, fds[1], sigpipe)
        started = true
        let text = held
        held = ""
        try send(text, to: fds[1])
    }

    private func send(_ text: String, to fd: Int32) throws(Diagnostic) {
        do throws(FileDescriptorWriter.Failure) {
            try FileDescriptorWriter.writeAll(fd, text)
        } catch {
            quit = true
            throw ExecutionContext.cancelled
        }
    }

    private func printHeldDirectly() {
        printingDirectly = true
        direct(held)
        held = ""
    }

    /// The program a shell command starts (its first word), found on `PATH`; nil when there is none.
    static func program(of command: String) -> String? {
        guard let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) else {
            return nil
        }
        if first.contains("/") { return access(first, X_OK) == 0 ? first : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = String(folder) + "/" + first
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

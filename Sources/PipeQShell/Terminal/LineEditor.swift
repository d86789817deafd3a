@preconcurrency import CReadline
import Foundation

/// GNU readline, set up for pipeq: `rl_readline_name` "pipeq" (for `$if pipeq` in `~/.inputrc`), Emacs keys,
/// history recall, Tab completion through `CompletionEngine`, Ctrl-C that abandons the line, and on a colour
/// terminal the line coloured as it is typed (`ReadlineHighlighter`).
final class LineEditor {
    /// What one `read` returned.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line (and any multi-line entry) is abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case endOfInput
    }

    init(completion: CompletionEngine, history: [String]) {
        rl_readline_name = UnsafePointer(strdup("pipeq"))
        rl_catch_signals = 1
        rl_catch_sigwinch = 1
        rl_getc_function = { stream in
            var byte: UInt8 = 0
            while true {
                if InterruptSignal.isSet { return READERR }
                let n = read(stream.map { fileno($0) } ?? 0, &byte, 1)
                if n == 1 { return Int32(byte) }
                if n == 0 { return EOF }
                if errno == EINTR {
                    rl_check_signals()
                    continue
                }
                return READERR
            }
        }
        ReadlineCompletion.install(completion)
        using_history()
        stifle_history(Int32(ShellHistory.capacity))
        for entry in history { add_history(entry) }
    }

    /// Reads one line with `prompt`; `pending` is the multi-line entry typed so far (for completion context).
    func nextInput(prompt: String, pending: String) -> Input {
        InterruptSignal.clear()
        ReadlineCompletion.pendingText = pending.isEmpty ? "" : pending + "\n"
        ReadlineHighlighter.pendingText = ReadlineCompletion.pendingText
        ReadlineHighlighter.prompt = prompt
        guard let raw = readline(prompt) else {
            let interrupted = InterruptSignal.isSet
            InterruptSignal.clear()
            if !bracketedPasteIsOn { StandardStreams.writeOutput("\n") }
            return interrupted ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// What colours the line being typed (its names refreshed after each entry); nil: no colour.
    var highlighter: SyntaxClassifier? {
        get { ReadlineHighlighter.classifier }
        set {
            ReadlineHighlighter.classifier = newValue
            if newValue != nil { ReadlineHighlighter.install() }
        }
    }

    /// Adds an entry to readline's in-memory history (Up/Down, Ctrl-R).
    func remember(_ entry: String) {
        add_history(entry)
    }

    /// Readline 8.2 prints the newline after an abandoned line itself when bracketed paste is on.
    private var bracketedPasteIsOn: Bool {
        guard let value = rl_variable_value("enable-bracketed-paste") else { return false }
        return String(cString: value) == "on"
    }
}

@preconcurrency import CReadline
import Foundation

/// Connects readline's Tab completion to `CompletionEngine`. Readline calls C function pointers, so the
/// state they need lives in globals touched only on the main thread.
enum ReadlineCompletion {
    /// The engine completing the current line.
    nonisolated(unsafe) static var engine: CompletionEngine?
    /// Lines of the entry typed before the current line (multi-line input), newline-terminated.
    nonisolated(unsafe) static var pendingText = ""
    /// Candidates of the completion in progress, handed to readline one by one.
    nonisolated(unsafe) static var candidates: [String] = []
    /// Word-break characters returned to readline; kept alive here (readline does not free them).
    nonisolated(unsafe) static var breakBuffers: [String: UnsafeMutablePointer<CChar>] = [:]

    /// Registers the completion callbacks.
    static func install(_ engine: CompletionEngine) {
        self.engine = engine
        rl_attempted_completion_function = { text, start, end in
            rl_attempted_completion_over = 1
            guard let result = ReadlineCompletion.engine?.complete(ReadlineCompletion.textBeforeCursor()),
                !result.candidates.isEmpty
            else { return nil }
            ReadlineCompletion.candidates = result.candidates
            rl_completion_append_character = result.appendCharacter.flatMap { $0.asciiValue }.map { Int32($0) } ?? 0
            return rl_completion_matches(text) { _, state in
                let list = ReadlineCompletion.candidates
                return Int(state) < list.count ? strdup(list[Int(state)]) : nil
            }
        }
        rl_completion_word_break_hook = {
            let mode = CompletionWord.mode(of: ReadlineCompletion.textBeforeCursor())
            let breaks = CompletionWord.breakCharacters(for: mode)
            if let existing = ReadlineCompletion.breakBuffers[breaks] { return existing }
            let buffer = strdup(breaks)!
            ReadlineCompletion.breakBuffers[breaks] = buffer
            return buffer
        }
    }

    /// The entry so far: earlier lines plus the current line up to the cursor.
    static func textBeforeCursor() -> String {
        guard let buffer = rl_line_buffer else { return pendingText }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(rl_point))
        return pendingText + String(decoding: bytes, as: UTF8.self)
    }
}

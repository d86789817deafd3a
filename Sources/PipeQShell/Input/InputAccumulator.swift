import PipeQLanguage

/// Gathers the lines of one (possibly multi-line) entry typed at the prompt.
///
/// A line continues the entry while parentheses or quotes are open or it ends with `|` or `\`
/// (`StatementSplitter.needsContinuation`); an empty line or a trailing `;` ends it. A meta-command
/// (a first line starting with ".") is always one line.
public struct InputAccumulator: Sendable {
    /// What `add` decided.
    public enum Outcome: Sendable, Equatable {
        /// The entry is complete: run it (and record it in history).
        case complete(String)
        /// Another line is needed: show the continuation prompt.
        case needsMore
        /// Nothing to run (a blank first line).
        case empty
    }

    /// The lines so far, joined with newlines.
    public private(set) var text = ""
    /// True while an entry is open (the continuation prompt should show).
    public var isContinuing: Bool { !text.isEmpty }

    public init() {}

    /// Adds one line as typed (without its newline).
    public mutating func add(_ line: String) -> Outcome {
        let trimmed = Self.trimmed(line)
        if text.isEmpty {
            if trimmed.isEmpty { return .empty }
            if trimmed.hasPrefix(".") { return .complete(trimmed) }
            text = line
        } else {
            if trimmed.isEmpty { return finish() }
            text += "\n" + line
        }
        if trimmed.hasSuffix(";") || !StatementSplitter.needsContinuation(text) { return finish() }
        return .needsMore
    }

    /// Drops the open entry (Ctrl-C).
    public mutating func reset() { text = "" }

    private mutating func finish() -> Outcome {
        let entry = text
        text = ""
        return Self.trimmed(entry).isEmpty ? .empty : .complete(entry)
    }

    static func trimmed(_ s: String) -> String {
        var scalars = Substring(s)
        while let f = scalars.first, f == " " || f == "\t" || f == "\r" || f == "\n" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\r" || l == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}

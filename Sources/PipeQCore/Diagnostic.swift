/// Where a diagnostic points: into query text, or into a data file.
public enum DiagnosticLocation: Sendable, Equatable {
    /// A span in the query text being run.
    case query(SourceSpan)
    /// A position in a data or script file (1-based line and column).
    case file(path: String, line: Int, column: Int)
    /// No position: a usage or I/O problem.
    case none
}

/// Every user-facing error in pipeq: a value with a position, rendered in one place
/// (`DiagnosticRenderer` in PipeQRender).
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which stage produced the error; decides nothing but helps tests and tooling.
    public enum Phase: String, Sendable {
        case lex, parse, bind, execute, data, io, usage, config
        /// The user stopped the work (Ctrl-C): not a failure of the query.
        case cancel
    }

    /// What a query (or the output of its result) stops with when the user presses Ctrl-C.
    public static let cancelled = Diagnostic(.cancel, "query cancelled")

    /// True for the Ctrl-C diagnostic, however it was made.
    public var isCancellation: Bool { phase == .cancel }

    public var phase: Phase
    public var message: String
    public var location: DiagnosticLocation
    /// An optional second line: "did you mean …", or how to fix it.
    public var hint: String?

    public init(_ phase: Phase, _ message: String, at location: DiagnosticLocation = .none, hint: String? = nil) {
        self.phase = phase
        self.message = message
        self.location = location
        self.hint = hint
    }

    public init(_ phase: Phase, _ message: String, span: SourceSpan, hint: String? = nil) {
        self.init(phase, message, at: .query(span), hint: hint)
    }

    public var span: SourceSpan? {
        if case .query(let s) = location { return s }
        return nil
    }

    public var description: String {
        var text = message
        if case .file(let path, let line, let column) = location { text = "\(path):\(line):\(column): " + text }
        if let hint { text += " (\(hint))" }
        return text
    }
}

import Foundation
import PipeQCore
import PipeQLanguage
import PipeQRender

/// Runs script text (a `-f` file, `-c` text, or piped standard input) statement by statement. Stops at the
/// first error, reporting it as `NAME:LINE:COL` with the offending line and a caret.
public struct ScriptRunner {
    public let session: Session
    /// Handles a line starting with "." (meta-commands); nil means scripts cannot use them.
    public var metaCommand: ((String) throws(Diagnostic) -> Void)?

    public init(session: Session, metaCommand: ((String) throws(Diagnostic) -> Void)? = nil) {
        self.session = session
        self.metaCommand = metaCommand
    }

    /// Runs every statement; returns false after reporting the first error.
    @discardableResult
    public func run(_ script: String, name: String?) -> Bool {
        session.scriptDepth += 1
        let succeeded = runStatements(script, name: name)
        session.scriptDepth -= 1
        // A `.output` file that can't be written at the end is an error too (exit status 1).
        let finished = session.scriptDepth == 0 ? finishOutermostScript(succeeded: succeeded) : true
        return succeeded && finished
    }

    private func runStatements(_ script: String, name: String?) -> Bool {
        let renderer = DiagnosticRenderer(color: false)
        for piece in StatementSplitter.split(script) {
            let trimmed = piece.text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            let leading = piece.text.utf8.count - trimmed.utf8.count
            do throws(Diagnostic) {
                if trimmed.hasPrefix(".") {
                    guard let metaCommand else {
                        throw Diagnostic(.usage, "meta-commands are not available here", span: SourceSpan(leading, piece.text.utf8.count))
                    }
                    try metaCommand(String(trimmed))
                } else {
                    try session.execute(piece.text)
                }
            } catch {
                var diagnostic = error
                if trimmed.hasPrefix("."), let span = diagnostic.span {
                    // A meta-command's span (`.explain QUERY`) points into its trimmed line.
                    diagnostic.location = .query(SourceSpan(span.start + leading, span.end + leading))
                } else if case .none = diagnostic.location, name != nil {
                    diagnostic.location = .query(SourceSpan(leading, leading + (trimmed.split(separator: "\n").first?.utf8.count ?? 0)))
                }
                writeError(renderer.render(diagnostic, source: script, file: name, offset: piece.offset))
                return false
            }
            if session.endRequested {
                session.endRequested = false
                return true
            }
        }
        return true
    }

    /// Outside the shell, a script's `.output` file is put in place when the script ends, and only when it
    /// succeeded: a failed run leaves the old file as it was (its error was said; this says what happened to the file).
    private func finishOutermostScript(succeeded: Bool) -> Bool {
        guard !session.isInteractive, session.output.path != nil else { return true }
        guard succeeded else {
            if let note = session.output.abandon() { writeError("note: \(note) (the script failed)\n") }
            return false
        }
        do {
            try session.output.close()
            return true
        } catch {
            report(error)
            return false
        }
    }
}

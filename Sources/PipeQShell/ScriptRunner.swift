import Foundation
import PipeQCore
import PipeQLanguage
import PipeQRender

/// Runs script text (a `-f` file, `-c` text, or piped standard input) statement by statement. Stops at the
/// first error, reporting it as `NAME:LINE:COL` with the offending line and a caret.
///
/// With echo on, each statement is written before its result. A script file (`-f`, `.read`) with more than one
/// query, written as a table or Markdown, separates the results: a blank line before each one after the first,
/// then the comment lines written directly above the query, if any (`# Win rate by team`), so each result
/// says what it is.
public struct ScriptRunner {
    public let session: Session
    /// Handles a line starting with "." (meta-commands); nil means scripts cannot use them.
    public var metaCommand: ((String) throws(Diagnostic) -> Void)?
    /// True for script files (`-f`, `.read`): results are separated as described above; `-c` and piped input
    /// print results one after the other.
    public var separatesResults = false

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
        let pieces = StatementSplitter.split(script)
        let queries = separatesResults ? pieces.filter { Self.isQuery($0.text) }.count : 0
        var resultsWritten = 0
        for piece in pieces {
            let trimmed = piece.text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            let leading = piece.text.utf8.count - trimmed.utf8.count
            do throws(Diagnostic) {
                if trimmed.hasPrefix(".") {
                    guard let metaCommand else {
                        throw Diagnostic(
                            .usage, "meta-commands are not available here",
                            span: SourceSpan(leading, piece.text.utf8.count))
                    }
                    session.echoStatement(String(trimmed))
                    try metaCommand(String(trimmed))
                } else {
                    if queries > 1, session.separatesResults, Self.isQuery(piece.text) {
                        var heading = resultsWritten > 0 ? "\n" : ""
                        for line in StatementSplitter.commentAbove(piece, in: script) { heading += line + "\n" }
                        session.output.write(heading)
                        resultsWritten += 1
                    }
                    session.echoStatement(piece.text)
                    try session.execute(piece.text)
                }
            } catch {
                var diagnostic = error
                if trimmed.hasPrefix("."), let span = diagnostic.span {
                    // A meta-command's span (`.explain QUERY`) points into its trimmed line.
                    diagnostic.location = .query(SourceSpan(span.start + leading, span.end + leading))
                } else if case .none = diagnostic.location, name != nil {
                    diagnostic.location = .query(
                        SourceSpan(leading, leading + (trimmed.split(separator: "\n").first?.utf8.count ?? 0)))
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

    /// True for a statement that prints a result: not a meta-command, not a `let` (one that does not parse counts,
    /// as its error stops the script anyway).
    static func isQuery(_ text: String) -> Bool {
        if text.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).hasPrefix(".") { return false }
        if case .letBinding? = try? Parser.parse(text) { return false }
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

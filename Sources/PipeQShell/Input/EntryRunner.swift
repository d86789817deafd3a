import PipeQCore
import PipeQLanguage
import PipeQRender

/// Runs one entry typed at the prompt: a meta-command, or one or more `;`-separated statements. Errors are
/// rendered with a caret under the query text; a query stopped by Ctrl-C prints `query cancelled`.
struct EntryRunner {
    let context: MetaContext

    var session: Session { context.session }

    func run(_ entry: String) {
        let renderer = DiagnosticRenderer(color: session.color)
        var trimmed = entry.trimmingWhitespace()
        if let expanded = MetaCommand.expandedLine(forBackslashX: trimmed, current: session.expanded) {
            trimmed = expanded
        }
        if trimmed.hasPrefix(".") {
            do throws(Diagnostic) {
                session.echoStatement(trimmed)
                try MetaCommands.run(trimmed, in: context)
            } catch {
                // A meta-command's span (`.explain QUERY`) points into its own line.
                writeError(error.span == nil ? renderer.render(error) : renderer.render(error, source: trimmed))
            }
            return
        }
        InterruptSignal.clear()
        for piece in StatementSplitter.split(entry) {
            if InterruptSignal.isSet {
                writeError("query cancelled\n")
                return
            }
            do throws(Diagnostic) {
                session.echoStatement(piece.text)
                try session.execute(piece.text)
            } catch {
                if InterruptSignal.isSet && error.isCancellation {
                    writeError("query cancelled\n")
                } else {
                    writeError(renderer.render(error, source: entry, offset: piece.offset))
                }
                return
            }
        }
    }
}

import Foundation
import PipeQCore

extension MetaCommand {
    /// `.output FILE` sends results to a file (written atomically when closed); `.output` alone goes back to the screen.
    static let output = MetaCommand(
        name: ".output", usage: ".output [FILE]", summary: "send results to a file; alone, back to the screen",
        argument: .path
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard call.arguments.count <= 1 else { throw call.usageError() }
        let sink = call.session.output
        let previous = sink.path
        do {
            try sink.redirect(to: call.arguments.first.map { ($0 as NSString).expandingTildeInPath })
        } catch {
            if case OutputSink.OutputError.isFolder = error {
                throw Diagnostic(.io, "\(error)", hint: "name a file inside it")
            }
            throw Diagnostic(.io, "\(error)", hint: "check that the folder exists and is writable")
        }
        if let previous { call.note("results written to \(previous)") }
        // A .svg file gets charts as SVG (the format goes back when the file is closed).
        let session = call.session
        if let format = session.formatBeforeSVGOutput {
            session.format = format
            session.formatBeforeSVGOutput = nil
        }
        if let path = sink.path, path.lowercased().hasSuffix(".svg") {
            session.formatBeforeSVGOutput = session.format
            session.format = .svg
        }
        if let path = sink.path, call.context.interactive {
            call.note("results now go to \(path) (.output alone to stop)")
        }
    }
}

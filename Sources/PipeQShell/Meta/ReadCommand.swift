import Foundation
import PipeQCore

extension MetaCommand {
    /// `.read FILE`: runs a script; its lines do not enter history.
    static let read = MetaCommand(
        name: ".read", usage: ".read FILE", summary: "run the queries and meta-commands in a script file",
        argument: .path
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard call.arguments.count == 1 else { throw call.usageError() }
        let path = (call.arguments[0] as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic(.io, "no such script file: \(call.arguments[0])")
        }
        guard !isDirectory.boolValue else {
            throw Diagnostic(.io, "\(call.arguments[0]) is a folder, not a script file")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw Diagnostic(.io, "cannot read \(call.arguments[0]) as UTF-8 text")
        }
        let scriptContext = call.context.scriptContext
        var runner = ScriptRunner(session: call.session) { (line: String) throws(Diagnostic) -> Void in
            try MetaCommands.run(line, in: scriptContext)
        }
        runner.separatesResults = true
        if !runner.run(text, name: call.arguments[0]) {
            throw Diagnostic(.usage, ".read \(call.arguments[0]) stopped at its first error")
        }
    }
}

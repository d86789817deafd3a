import PipeQCore
import PipeQRender

extension MetaCommand {
    /// `.mode table|csv|json|markdown`: the result format.
    static let mode = MetaCommand(
        name: ".mode", usage: ".mode [table|csv|json|markdown]", summary: "show or set how results are printed",
        argument: .choices(OutputFormat.allCases.map(\.rawValue))
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard let name = call.arguments.first else {
            call.write("mode: \(call.session.format.rawValue)\n")
            return
        }
        let names = OutputFormat.allCases.map(\.rawValue)
        guard call.arguments.count == 1, let format = OutputFormat(rawValue: name.lowercased()) else {
            throw Diagnostic(
                .usage, "unknown mode \"\(name)\"",
                hint: Suggestions.hint(for: name, in: names) ?? "modes: " + names.joined(separator: ", "))
        }
        call.session.format = format
    }
}

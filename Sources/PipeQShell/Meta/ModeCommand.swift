import PipeQCore
import PipeQRender

extension MetaCommand {
    /// `.mode table|box|line|csv|json|markdown|svg`: the result format.
    static let mode = MetaCommand(
        name: ".mode", usage: ".mode [table|box|line|csv|json|markdown|svg]",
        summary: "show or set how results are printed (box: with lines; line: one field per line)",
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

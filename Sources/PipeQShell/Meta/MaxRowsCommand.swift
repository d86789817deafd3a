import PipeQCore

extension MetaCommand {
    /// `.maxrows N|all`: rows shown by the table format before eliding the middle.
    static let maxrows = MetaCommand(
        name: ".maxrows", usage: ".maxrows [N|all]", summary: "rows shown before eliding the middle of long results",
        argument: .choices(["all"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard let argument = call.arguments.first else {
            call.write("maxrows: \(call.session.maxRows.map(String.init) ?? "all")\n")
            return
        }
        if argument.lowercased() == "all" {
            call.session.maxRows = nil
        } else if let n = Int(argument), n >= 1, call.arguments.count == 1 {
            call.session.maxRows = n
        } else {
            throw call.usageError("expected a number of rows (at least 1) or \"all\", got \"\(argument)\"")
        }
    }
}

import PipeQCore

extension MetaCommand {
    /// `.history [N]`: the last N entries (default 20), interactive only.
    static let history = MetaCommand(
        name: ".history", usage: ".history [N]", summary: "show the last N entries of history (default 20)",
        interactiveOnly: true
    ) { (call: MetaInvocation) throws(Diagnostic) in
        var count = 20
        if let argument = call.arguments.first {
            guard let n = Int(argument), n >= 1 else { throw call.usageError("expected a number, got \"\(argument)\"") }
            count = n
        }
        guard let history = call.context.history else {
            call.write("history is off\n")
            return
        }
        let entries = history.entries
        let first = max(0, entries.count - count)
        for i in first..<entries.count {
            let lines = entries[i].split(separator: "\n", omittingEmptySubsequences: false)
            let number = String(i + 1)
            call.write(String(repeating: " ", count: max(0, 5 - number.count)) + number + "  " + lines[0] + "\n")
            for line in lines.dropFirst() { call.write("       " + line + "\n") }
        }
    }
}

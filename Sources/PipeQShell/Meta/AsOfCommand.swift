import PipeQCore
import PipeQEngine

extension MetaCommand {
    /// `.asof [DATE|today]`: shows or fixes "today" for age, stage_age and date arithmetic.
    static let asof = MetaCommand(
        name: ".asof", usage: ".asof [YYYY-MM-DD|today]", summary: "show or set the as-of date (\"today\")",
        argument: .choices(["today"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        let engine = call.session.engine
        guard let argument = call.arguments.first else {
            call.write(
                "as-of date: \(CivilTime.formatDate(Int(engine.asOfDay)))\(engine.asOfIsFixed ? " (fixed)" : " (today)")\n"
            )
            return
        }
        guard call.arguments.count == 1 else { throw call.usageError() }
        if argument.lowercased() == "today" {
            try engine.setAsOf(QueryEngine.currentDay())
            engine.asOfIsFixed = false
        } else {
            guard let day = CivilTime.parseDate(argument) else {
                throw Diagnostic(
                    .usage, "\"\(argument)\" is not a date", hint: "write YYYY-MM-DD, e.g. .asof 2026-11-01")
            }
            try engine.setAsOf(day)
        }
        var note = "as-of date: \(CivilTime.formatDate(Int(engine.asOfDay)))"
        if engine.snapshotDay != nil {
            note += " (before the data's last change: deals and history are shown as they stood at the end of that day)"
        }
        call.note(note)
    }
}

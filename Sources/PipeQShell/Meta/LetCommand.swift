import PipeQCore

extension MetaCommand {
    /// `.let`: the names defined with `let`, and their query text.
    static let letNames = MetaCommand(name: ".let", usage: ".let", summary: "list let names and their queries") {
        (call: MetaInvocation) throws(Diagnostic) in
        let engine = call.session.engine
        guard !engine.letOrder.isEmpty else {
            call.write("no let names yet — e.g. let stale = deals where status = \"open\" and stage_age > 21d\n")
            return
        }
        for name in engine.letOrder {
            guard let definition = engine.lets[name] else { continue }
            call.write(definition.text.trimmingWhitespace() + "\n")
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs, newlines and ";".
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" || l == ";" { s.removeLast() }
        return String(s)
    }
}

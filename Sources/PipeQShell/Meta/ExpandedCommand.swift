import PipeQCore
import PipeQRender

extension MetaCommand {
    /// `.expanded on|off|auto` (psql's `\x`): tables printed as records, one field per line (`.mode line`'s
    /// layout): always, never, or when a row is wider than the screen.
    static let expanded = MetaCommand(
        name: ".expanded", usage: ".expanded [on|off|auto]",
        summary: "print tables as records, one field per line: always, never, or when a row is wider than the screen "
            + "(\\x toggles)",
        argument: .choices(ExpandedMode.allCases.map(\.rawValue))
    ) { (call: MetaInvocation) throws(Diagnostic) in
        guard let mode = try call.mode(ExpandedMode.self) else {
            call.write("expanded: \(call.session.expanded.rawValue)\n")
            return
        }
        call.session.expanded = mode
    }

    /// The `.expanded` line psql's `\x [on|off|auto]` stands for; `\x` alone toggles between on and off.
    static func expandedLine(forBackslashX entry: String, current: ExpandedMode) -> String? {
        let words = entry.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, first.lowercased() == "\\x" else { return nil }
        if words.count == 1 { return ".expanded " + (current == .off ? "on" : "off") }
        return ".expanded " + words.dropFirst().joined(separator: " ")
    }
}

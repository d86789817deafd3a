import Foundation
import PipeQEngine
import PipeQStorage

/// The rep a report script is about: `{rep}` in the script is replaced by `--rep NAME`, else by the script's own
/// default (a `# rep: NAME` line), and `{team}` by the team most of that rep's deals carry. One script then renders
/// the coaching report for any rep.
struct ReportRep {
    let name: String

    /// The rep for this run: the option, else the script's `# rep:` line; nil when neither names one.
    init?(option: String?, script: String) {
        if let option {
            name = option
            return
        }
        for line in script.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasPrefix("# rep:") {
                name = text.dropFirst("# rep:".count).trimmingCharacters(in: .whitespaces)
                return
            }
        }
        return nil
    }

    /// The script with `{rep}` and `{team}` filled in. Throws a message when the name cannot be quoted or the
    /// rep has no deals with a team.
    func substitute(_ script: String, engine: QueryEngine) throws -> String {
        guard !name.contains("\""), !name.isEmpty else {
            throw ReportRepError(message: "--rep needs a name without quotes, got \"\(name)\"")
        }
        var text = script.replacingOccurrences(of: "{rep}", with: name)
        if text.contains("{team}") {
            let query = "deals where rep = \"\(name)\" and team is not null | count by team | sort count desc, team"
            guard case .rows(let result)? = try? engine.run(query), result.rowCount > 0,
                case .string(let team) = result.value(row: 0, column: 0)
            else {
                throw ReportRepError(message: "no deals of rep \"\(name)\" with a team (for {team} in the script)")
            }
            text = text.replacingOccurrences(of: "{team}", with: team)
        }
        return text
    }
}

struct ReportRepError: Error {
    let message: String
}

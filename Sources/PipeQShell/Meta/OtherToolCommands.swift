import PipeQCore

/// Meta-commands of the other shells people know (sqlite3, DuckDB, psql), for the hint after an unknown one: the
/// pipeq command that does the same job, or none, so that no look-alike is guessed instead (`.shell` is not
/// `.help`, `.import` is `.load`).
enum OtherToolCommands {
    /// Each name to the pipeq meta-command doing its job; nil where pipeq has none.
    static let names: [String: String?] = [
        // Reading data: sqlite3's .import FILE TABLE and .open FILE, DuckDB's .open.
        ".import": ".load", ".open": ".load",
        // Leaving: sqlite3 takes any prefix of .quit.
        ".q": ".quit", ".qu": ".quit", ".qui": ".quit",
        ".h": ".help", ".he": ".help", ".hel": ".help",
        // psql's \timing, DuckDB's .timer.
        ".timing": ".timer",
        // The output format: --format on the command line, .mode in the shell.
        ".format": ".mode",
        // psql's \d TABLE.
        ".describe": ".schema", ".desc": ".schema",
        // Nothing in pipeq does these.
        ".shell": nil, ".system": nil, ".cd": nil, ".headers": nil, ".header": nil, ".show": nil, ".dump": nil,
        ".save": nil, ".backup": nil, ".width": nil, ".nullvalue": nil, ".once": nil, ".excel": nil,
        ".indexes": nil, ".indices": nil, ".databases": nil, ".print": nil,
    ]

    /// The hint for an unknown meta-command `name` (with its dot): another tool's name for a pipeq command, else
    /// the closest pipeq name, else where the list is.
    static func hint(for name: String) -> String {
        let dotted = name.hasPrefix(".") ? name.lowercased() : "." + name.lowercased()
        if let known = names[dotted] {
            guard let target = known, let command = MetaCommands.command(named: target) else {
                return "pipeq has no \(dotted); type .help for the list"
            }
            return "did you mean \"\(command.name)\"? (\(command.usage))"
        }
        return Suggestions.hint(for: dotted, in: MetaCommands.names) ?? "type .help for the list"
    }
}

import PipeQCore

/// Meta-commands (lines starting with "."), shared by scripts and the shell.
public enum MetaCommands {
    /// Every meta-command, in the order `.help` lists them.
    public static let all: [MetaCommand] = [
        .help, .tables, .schema, .load, .read, .asof, .mode, .expanded, .pager, .timer, .echo, .highlight, .output,
        .letNames, .stages, .maxrows, .limit, .explain, .sql,
        .history, .quit,
    ]

    /// Every name and alias, with dots.
    public static var names: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The command a name (with or without its dot) refers to.
    public static func command(named name: String) -> MetaCommand? {
        let dotted = name.hasPrefix(".") ? name.lowercased() : "." + name.lowercased()
        return all.first { $0.name == dotted || $0.aliases.contains(dotted) }
    }

    /// The handler scripts use.
    public static func scriptHandler(_ session: Session) -> (String) throws(Diagnostic) -> Void {
        let context = MetaContext(session: session, interactive: false)
        return { (line: String) throws(Diagnostic) -> Void in try run(line, in: context) }
    }

    /// Runs one meta-command line (e.g. `.load data/deals.csv as deals`).
    public static func run(_ line: String, in context: MetaContext) throws(Diagnostic) {
        var words = MetaArguments.split(line)
        guard !words.isEmpty else { return }
        let name = words.removeFirst()
        guard let command = command(named: name), name.hasPrefix(".") else {
            throw Diagnostic(.usage, "unknown meta-command \"\(name)\"", hint: OtherToolCommands.hint(for: name))
        }
        if command.interactiveOnly && !context.interactive {
            throw Diagnostic(.usage, "\(command.name) only works at the interactive prompt")
        }
        var invocation = MetaInvocation(arguments: words, context: context, usage: command.usage)
        let afterName = line.drop { $0 == " " || $0 == "\t" }.drop { $0 != " " && $0 != "\t" && $0 != "\n" }
        let rest = afterName.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        invocation.rest = String(rest)
        invocation.restOffset = line.utf8.count - rest.utf8.count
        try command.action(invocation)
    }
}

/// Splits a meta-command line into words: whitespace separates, double quotes group, a trailing ";" is dropped.
enum MetaArguments {
    static func split(_ line: String) -> [String] {
        var text = Substring(line)
        while let last = text.last, last == ";" || last == " " || last == "\t" || last == "\n" || last == "\r" {
            text.removeLast()
        }
        var words: [String] = []
        var current = ""
        var inQuote = false
        var hasWord = false
        for c in text {
            if c == "\"" {
                inQuote.toggle()
                hasWord = true
                continue
            }
            if !inQuote && (c == " " || c == "\t" || c == "\n") {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
                continue
            }
            current.append(c)
            hasWord = true
        }
        if hasWord { words.append(current) }
        return words
    }
}

import PipeQCore

/// One meta-command (a line starting with "."): its name, one-line usage, what its argument is (for
/// completion) and what it does.
public struct MetaCommand: Sendable {
    /// What the command's argument is, so completion can offer it.
    public enum Argument: Sendable, Equatable {
        case none
        /// A file or folder path.
        case path
        /// A table name.
        case table
        /// Another meta-command's name.
        case command
        /// One of these words.
        case choices([String])
        /// A query (`.explain QUERY`): completed as a query is.
        case query
    }

    /// The name with its dot, e.g. ".tables".
    public let name: String
    /// Other names that run it (".exit" for ".quit").
    public let aliases: [String]
    /// The usage line shown by `.help`, e.g. ".load PATH [as NAME]".
    public let usage: String
    /// What it does, in a few words.
    public let summary: String
    public let argument: Argument
    /// True for commands that only make sense at the prompt (`.history`).
    public let interactiveOnly: Bool
    let action: @Sendable (MetaInvocation) throws(Diagnostic) -> Void

    init(
        name: String, aliases: [String] = [], usage: String, summary: String, argument: Argument = .none,
        interactiveOnly: Bool = false, action: @escaping @Sendable (MetaInvocation) throws(Diagnostic) -> Void
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.argument = argument
        self.interactiveOnly = interactiveOnly
        self.action = action
    }
}

/// One run of a meta-command: its arguments and where it runs.
public struct MetaInvocation {
    /// Words after the command name (double quotes group words with spaces).
    public var arguments: [String]
    /// The text after the command name as typed (quotes kept), and its UTF-8 offset in the command's line.
    public var rest: String = ""
    public var restOffset: Int = 0
    public var context: MetaContext
    /// The command's usage line, for errors.
    public var usage: String

    public var session: Session { context.session }

    /// A usage error for this command.
    func usageError(_ message: String? = nil) -> Diagnostic {
        Diagnostic(.usage, message ?? "usage: \(usage)", hint: message == nil ? nil : "usage: \(usage)")
    }

    /// The one word of an `on|off` command (`.echo`, `.timer`, `.highlight`): true for on, false for off; a usage
    /// error otherwise.
    func onOff() throws(Diagnostic) -> Bool {
        guard arguments.count == 1 else { throw usageError() }
        switch arguments[0].lowercased() {
        case "on": return true
        case "off": return false
        default: throw usageError("expected on or off, got \"\(arguments[0])\"")
        }
    }

    /// The one word of an `on|off|auto` command (`.pager`, `.expanded`) as its mode; nil when none is given (the
    /// command then shows its setting); a usage error for anything else.
    func mode<Mode: RawRepresentable>(_: Mode.Type) throws(Diagnostic) -> Mode? where Mode.RawValue == String {
        guard let word = arguments.first else { return nil }
        guard arguments.count == 1, let mode = Mode(rawValue: word.lowercased()) else {
            throw usageError("expected on, off or auto, got \"\(arguments.joined(separator: " "))\"")
        }
        return mode
    }

    /// Writes a listing (goes where results go, so `.output` captures it too).
    func write(_ text: String) { context.session.output.write(text) }

    /// Writes a status message to standard error.
    func note(_ text: String) { writeError(text + "\n") }
}

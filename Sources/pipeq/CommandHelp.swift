import ArgumentParser
import Foundation

/// A command's arguments as ArgumentParser describes them (`--experimental-dump-help`'s JSON, the same
/// description its `--help` and completion scripts are made from), read for the man page.
struct CommandHelp: Decodable {
    struct Name: Decodable {
        var kind: String
        var name: String
    }

    struct Argument: Decodable {
        var kind: String
        var names: [Name]?
        var valueName: String?
        var abstract: String?
        var shouldDisplay: Bool
        var isRepeating: Bool
        var defaultValue: String?
    }

    var commandName: String
    var abstract: String?
    var discussion: String?
    var arguments: [Argument]?

    private struct Dump: Decodable { var command: CommandHelp }

    /// The description of `type`'s arguments; nil if ArgumentParser's JSON changed shape (a test notices).
    static func of(_ type: any ParsableArguments.Type) -> CommandHelp? {
        try? JSONDecoder().decode(Dump.self, from: Data(type._dumpHelp().utf8)).command
    }

    /// The arguments `--help` shows, without --help and --version themselves.
    var shownArguments: [Argument] {
        (arguments ?? []).filter { argument in
            argument.shouldDisplay && !(argument.names ?? []).contains { $0.name == "help" || $0.name == "version" }
        }
    }
}

extension CommandHelp.Argument {
    /// How the argument is written, as roff: `-c, --command command`, or `data ...` for a positional one.
    var roffTag: String {
        let value = valueName.map { Roff.italic($0) + (isRepeating && kind == "positional" ? " ..." : "") } ?? ""
        guard kind != "positional" else { return value }
        let names = (names ?? []).sorted { $0.kind == "short" && $1.kind != "short" }.map { name in
            Roff.bold((name.kind == "short" ? "-" : "--") + name.name)
        }
        return names.joined(separator: ", ") + (kind == "option" ? " " + value : "")
    }

    /// The help text, with the default when there is one worth saying.
    var text: String {
        var text = abstract ?? ""
        if let defaultValue, kind == "option" { text += " (default: \(defaultValue))" }
        return text
    }
}

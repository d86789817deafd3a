import ArgumentParser
import CBuildInfo

/// `pipeq`: the query shell over sales-pipeline CSV exports.
struct PipeQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeq",
        abstract: "Ask questions of sales-pipeline CSV exports.",
        discussion: """
            Loads each CSV given (or every .csv in a given folder) as a table and answers pipe-style queries:
              pipeq examples/ -c 'deals where status = "open" | sum value by stage'
            With no -c or -f, reads queries from standard input when it is not a terminal, else opens the shell.
            """,
        version: PipeQVersion.string,
        subcommands: [RunCommand.self, GenerateCommand.self, ReportCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

/// pipeq's version, and the commit the binary was built from when the build said (`make build` does).
enum PipeQVersion {
    static let number = "0.1.0"
    /// `git describe --always --dirty` at build time, e.g. "5f35015" or "5f35015-dirty"; nil when unknown.
    static let commit: String? = {
        let text = String(cString: pipeq_build_commit())
        return text.isEmpty ? nil : text
    }()
    /// What `--version` prints: "0.1.0 (commit 5f35015)", or "0.1.0 (commit unknown)" from a plain `swift build`.
    static let string = number + " (commit " + (commit ?? "unknown") + ")"
}

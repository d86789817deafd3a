import ArgumentParser

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

enum PipeQVersion {
    static let number = "0.1.0"
    /// What `--version` prints.
    static let string = number
}

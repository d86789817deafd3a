import ArgumentParser

/// The command line as the shells' completion scripts see it: `pipeq` with the default command's arguments and
/// options, and the other commands. ArgumentParser's own generator reads `PipeQCommand`, whose default command
/// is hidden (it is documented as `pipeq` itself), so its scripts left out -c, -f and every option.
struct CompletionRoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeq",
        version: PipeQVersion.string,
        subcommands: [GenerateCommand.self, ReportCommand.self])

    @OptionGroup var options: RunOptions
}

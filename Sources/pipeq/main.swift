import ArgumentParser
import Foundation
import PipeQCore
import PipeQShell
import PipeQStorage

/// Entry point: argument parsing only; everything else lives in the libraries.
/// Usage errors exit 2, query and data errors 1.
// `pipeq --help` shows the default command's options (-c, -f, …) and the other commands.
AllocatorTuning.apply()
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
    StandardStreams.writeOutput(
        PipeQCommand.helpMessage(for: RunCommand.self).replacingOccurrences(of: "pipeq run", with: "pipeq") + "\n")
    StandardStreams.writeOutput(
        """

        OTHER COMMANDS:
          generate                Write a deterministic synthetic dataset (deals, history, reps, quotas, spend and revenue CSVs) into DIR.
          report                  Run a script and write a self-contained HTML report (queries, tables, charts).

          See 'pipeq help <command>' for a command's options.

        """)
    Foundation.exit(0)
}

if let status = GeneratedFiles.handle(arguments) { Foundation.exit(status) }

// Snapshots of large CSVs are written in the background while queries run; exit waits for them.
defer { SnapshotCache.finishWrites() }
do {
    var command = try PipeQCommand.parseAsRoot()
    if var run = command as? RunCommand {
        try run.run()
    } else {
        try command.run()
    }
} catch let exit as ExitCode {
    SnapshotCache.finishWrites()
    Foundation.exit(exit.rawValue)
} catch {
    let code = PipeQCommand.exitCode(for: error)
    // The default command is documented as `pipeq` itself: its usage errors point at `pipeq --help`.
    let message = PipeQCommand.fullMessage(for: error).replacingOccurrences(
        of: "'pipeq run --help'", with: "'pipeq --help'")
    if code == .success {
        StandardStreams.writeOutput(message + "\n")
        Foundation.exit(0)
    }
    writeError(message + "\n")
    SnapshotCache.finishWrites()
    Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
}

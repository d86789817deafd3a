import ArgumentParser
import Foundation

/// Entry point: argument parsing only; everything else lives in the libraries.
/// Usage errors exit 2, query and data errors 1.
do {
    var command = try PipeQCommand.parseAsRoot()
    if var run = command as? RunCommand {
        try run.run()
    } else {
        try command.run()
    }
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = PipeQCommand.exitCode(for: error)
    let message = PipeQCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
}

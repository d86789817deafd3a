import ArgumentParser
import Foundation
import PipeQShell

/// What `make install` builds from the binary itself, so it always describes this very binary: the man page
/// (`pipeq --generate-manpage`, roff on standard output) and the shells' completion scripts
/// (`pipeq --generate-completion-script bash|zsh|fish`). Neither is listed in `--help`.
enum GeneratedFiles {
    /// Writes the file `arguments` ask for and returns its exit status; nil when they ask for neither.
    static func handle(_ arguments: [String]) -> Int32? {
        guard let first = arguments.first else { return nil }
        if first == "--generate-manpage" {
            guard arguments.count == 1 else { return usage("--generate-manpage takes no arguments") }
            StandardStreams.writeOutput(ManPage.render())
            return 0
        }
        let flag = "--generate-completion-script"
        guard first == flag || first.hasPrefix(flag + "=") else { return nil }
        let name = first.count > flag.count ? String(first.dropFirst(flag.count + 1)) : arguments.dropFirst().first
        guard arguments.count <= (first == flag ? 2 : 1) else { return usage("\(flag) takes one shell name") }
        guard let shell = name.map({ CompletionShell(rawValue: $0) }) ?? CompletionShell.autodetected() else {
            return usage("\(flag) needs a shell: " + CompletionShell.allCases.map(\.rawValue).joined(separator: ", "))
        }
        StandardStreams.writeOutput(CompletionRoot.completionScript(for: shell))
        return 0
    }

    private static func usage(_ message: String) -> Int32 {
        writeError("Error: \(message)\n  See 'pipeq --help' for more information.\n")
        return 2
    }
}

import Foundation
import Testing

/// The files `make install` generates from the binary: the man page and the shells' completion scripts. They are
/// checked against what the binary says elsewhere (`--help`, `.help`), so they cannot drift from it.
@Suite struct GeneratedFilesTests {
    /// Every option of `pipeq --help`, every meta-command and stage of `.help` is in the page: it is built from them.
    @Test func thePageListsWhatTheBinarySays() throws {
        let page = try PipeQProcess.run(["--generate-manpage"]).stdout.replacingOccurrences(of: "\\-", with: "-")
        let help = try PipeQProcess.run(["--help"]).stdout
        let options = help.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.first(where: { $0.hasPrefix("--") }).map {
                String($0.trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            }
        }
        #expect(options.count > 15, "\(help)")
        for option in options { #expect(page.contains(option), "\(option)") }
        let shellHelp = try PipeQProcess.run(["-c", ".help"]).stdout
        for line in shellHelp.split(separator: "\n")
        where line.hasPrefix("  .") || line.hasPrefix("  ") && !line.contains("QUERY") {
            let usage = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first!
            // Roff escapes: "\e" for a backslash, glyph names for typographic characters.
            let inPage = page.replacingOccurrences(of: "\\e", with: "\\").replacingOccurrences(of: "\\fB", with: "")
                .replacingOccurrences(of: "\\fR", with: "").replacingOccurrences(of: "...", with: "…")
            #expect(inPage.contains(usage), "\(usage)")
        }
    }

    /// The completion scripts know the default command's options (the hidden `run` command's were missing) and the
    /// other commands.
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsListTheOptions(_ shell: String) throws {
        let result = try PipeQProcess.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result)")
        for word in ["--format", "--as-of", "--no-rc", "--echo", "generate", "report", "markdown"] {
            // fish names long options without their dashes (-l 'format').
            let written = shell == "fish" && word.hasPrefix("--") ? "'" + word.dropFirst(2) + "'" : word
            #expect(result.stdout.contains(written), "\(shell): \(word)")
        }
        #expect(try PipeQProcess.run(["--generate-completion-script=\(shell)"]).stdout == result.stdout)
    }

    @Test func unknownShellIsAUsageError() throws {
        let result = try PipeQProcess.run(["--generate-completion-script", "tcsh"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bash"), "\(result)")
    }
}

import Foundation
import Testing

/// `make install-files` into a temporary prefix with the built binary: the binary, the man page and the completion
/// scripts land where shells and `man` look, run, and `make uninstall` removes exactly them. The generated files
/// are checked against what the binary says elsewhere (`--help`, `.help`), so they cannot drift from it.
@Suite(.serialized) struct InstallTests {
    /// Runs a program; its exit status and standard output (standard error appended).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
        Int32, String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func which(_ program: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static let installed = [
        "bin/pipeq", "share/man/man1/pipeq.1", "share/bash-completion/completions/pipeq",
        "share/zsh/site-functions/_pipeq", "share/fish/vendor_completions.d/pipeq.fish",
    ]

    @Test(.enabled(if: which("make") != nil, "make is not installed"))
    func installRunUninstall() throws {
        let binary = try PipeQProcess.binary.get().path
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let prefix = dir.url.appendingPathComponent("prefix").path
        let make = Self.which("make")!
        let root = PipeQProcess.repositoryRoot.path
        let variables = ["PREFIX=\(prefix)", "PIPEQ=\(binary)", "GENERATED=\(dir.url.path)/generated"]
        let (status, out) = try Self.run(make, ["--no-print-directory", "-C", root, "install-files"] + variables)
        #expect(status == 0, "\(out)")
        for file in Self.installed {
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file) not installed:\n\(out)")
        }
        let (versionStatus, version) = try Self.run("\(prefix)/bin/pipeq", ["--version"])
        #expect(versionStatus == 0 && version.hasPrefix("0.1.0 (commit "), "\(version)")
        let (queryStatus, count) = try Self.run("\(prefix)/bin/pipeq", [PipeQProcess.fixture, "-c", "deals | count"])
        #expect(queryStatus == 0 && count == "10\n", "\(count)")
        // bash loads the completion and registers it for pipeq.
        if let bash = Self.which("bash") {
            let (_, registered) = try Self.run(
                bash, ["-c", "source \(prefix)/share/bash-completion/completions/pipeq && complete -p pipeq"])
            #expect(registered.contains("pipeq"), "\(registered)")
        }

        let (removed, removeOut) = try Self.run(
            make, ["--no-print-directory", "-C", root, "uninstall", "PREFIX=\(prefix)"])
        #expect(removed == 0, "\(removeOut)")
        for file in Self.installed {
            #expect(!FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file) left behind")
        }
    }

    /// `man -l` renders the generated page without a warning, in a UTF-8 locale and in plain C.
    @Test(.enabled(if: which("man") != nil, "man is not installed: apt-get install man-db (make deps installs it)"))
    func manReadsThePage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (status, page) = try Self.run(try PipeQProcess.binary.get().path, ["--generate-manpage"])
        #expect(status == 0)
        let file = try dir.write("pipeq.1", page)
        for locale in ["C.UTF-8", "C"] {
            let (manStatus, text) = try Self.run(
                Self.which("man")!, ["--warnings", "-l", file.path],
                environment: ["LANG": locale, "LC_ALL": locale, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat"])
            #expect(manStatus == 0, "\(text)")
            for heading in [
                "NAME", "SYNOPSIS", "OPTIONS", "COMMANDS", "THE SHELL", "META-COMMANDS", "THE LANGUAGE", "FILES",
                "ENVIRONMENT", "EXIT STATUS",
            ] {
                #expect(text.contains("\n" + heading + "\n"), "\(heading) missing (\(locale))")
            }
            #expect(!text.contains("warning"), "\(locale): \(text)")
        }
    }
}

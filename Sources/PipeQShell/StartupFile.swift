import Foundation
import PipeQCore

/// The startup file, like `~/.duckdbrc` or `~/.sqliterc`: meta-commands and `let`s run when the interactive
/// shell opens, after the welcome line and before the first prompt (`.mode`, `.maxrows`, `.timer`, `.asof`, a
/// `let` you always want). It runs as a script does and stops at its first error, reported as `FILE:LINE:COL`;
/// the shell opens either way. Only the interactive shell reads it (`--no-rc` skips it): `-c`, `-f` and piped
/// input give the same results on every machine, whatever a user's file sets.
public enum StartupFile {
    /// `$XDG_CONFIG_HOME/pipeq/pipeqrc` (default `~/.config/pipeq/pipeqrc`) when it exists, else `~/.pipeqrc` when
    /// it exists; nil when neither does. Home is `$HOME` (tests point it at a folder of their own).
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home as NSString).appendingPathComponent(".config")
        let candidates = [
            (config as NSString).appendingPathComponent("pipeq/pipeqrc"),
            (home as NSString).appendingPathComponent(".pipeqrc"),
        ]
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    /// Runs the file at `path` in `session` as a script (errors go to standard error, named by the path).
    /// Returns false when it could not be read or stopped at an error.
    @discardableResult
    public static func run(_ path: String, in session: Session) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else {
            report(Diagnostic(.io, "cannot read the startup file \(path)"))
            return false
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report(Diagnostic(.io, "the startup file \(path) is not valid UTF-8 text"))
            return false
        }
        let context = MetaContext(session: session, interactive: false)
        let runner = ScriptRunner(session: session) { (line: String) throws(Diagnostic) -> Void in
            try MetaCommands.run(line, in: context)
        }
        return runner.run(text, name: path)
    }
}

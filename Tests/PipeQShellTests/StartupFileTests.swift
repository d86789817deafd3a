import Foundation
import PipeQShell
import Testing

/// Where the startup file is looked for: the XDG config folder first, then `~/.pipeqrc`; never the real home in
/// tests (HOME and XDG_CONFIG_HOME are given).
@Suite struct StartupFileTests {
    @Test func xdgConfigFirstThenHomeFile() throws {
        let home = try ShellFixtures.folder([".config/pipeq/", "other/pipeq/"])
        let environment = ["HOME": home]
        #expect(StartupFile.find(environment: environment) == nil)
        try "".write(toFile: home + "/.pipeqrc", atomically: true, encoding: .utf8)
        #expect(StartupFile.find(environment: environment) == home + "/.pipeqrc")
        try "".write(toFile: home + "/.config/pipeq/pipeqrc", atomically: true, encoding: .utf8)
        #expect(StartupFile.find(environment: environment) == home + "/.config/pipeq/pipeqrc")
        // XDG_CONFIG_HOME moves the config folder; an empty one means the default.
        #expect(
            StartupFile.find(environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/other"]) == home + "/.pipeqrc")
        try "".write(toFile: home + "/other/pipeq/pipeqrc", atomically: true, encoding: .utf8)
        #expect(
            StartupFile.find(environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/other"]) == home
                + "/other/pipeq/pipeqrc")
        #expect(
            StartupFile.find(environment: ["HOME": home, "XDG_CONFIG_HOME": ""]) == home + "/.config/pipeq/pipeqrc")
    }

    /// A folder where the file should be is not a startup file.
    @Test func aFolderIsNotAStartupFile() throws {
        let home = try ShellFixtures.folder([".pipeqrc/"])
        #expect(StartupFile.find(environment: ["HOME": home]) == nil)
    }
}

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Output that can't crash or clobber: standard output that fails, `.output` and `report -o` onto special
/// files and links, failed scripts, file modes, and temporaries left by killed runs.
@Suite struct OutputFaultTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    /// Runs `sh -c SCRIPT` with "$0" the built pipeq, the examples folder the working directory.
    static func sh(_ script: String, in directory: URL? = nil) throws -> PipeQProcess.Output {
        let pipeq = try PipeQProcess.binary.get().path
        return try PipeQProcess.run(["-c", script, pipeq], stdinBytes: nil,
                                    in: directory ?? URL(fileURLWithPath: PipeQProcess.examples), executable: shell)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    // MARK: standard output (item 1)

    /// A full device: an error and status 1, never a crash (was SIGILL, 132) or a silent 0 (`--schema`, `--help`,
    /// `generate`'s summary).
    @Test(arguments: [". -c 'deals | count'", ". --schema", "--help", "generate --deals 10 GENERATED"])
    func standardOutputOnAFullDeviceIsAnError(_ arguments: String) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let command = arguments.replacingOccurrences(of: "GENERATED", with: folder.url.appendingPathComponent("gen").path)
        let result = try Self.sh("\"$0\" \(command) > /dev/full")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: cannot write output: No space left on device\n", "\(result)")
    }

    /// A reader that went away (SIGPIPE ignored, so the write sees EPIPE): quiet, status 141 as for SIGPIPE.
    @Test func aClosedPipeEndsQuietlyWithStatus141() throws {
        // `true` has exited before pipeq starts writing, so every write meets a closed pipe.
        let result = try Self.sh("trap '' PIPE; { sleep 0.3; \"$0\" . -c 'deals'; echo \"status=$?\" >&2; } | true")
        #expect(result.stderr == "status=141\n", "\(result)")
    }
}

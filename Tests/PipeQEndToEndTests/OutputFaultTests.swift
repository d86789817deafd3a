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
        return try PipeQProcess.run(
            ["-c", script, pipeq], stdinBytes: nil,
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
        let command = arguments.replacingOccurrences(
            of: "GENERATED", with: folder.url.appendingPathComponent("gen").path)
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

    // MARK: special files and links (item 2)

    /// A character device is written through and stays a device (root makes one with mknod; skipped otherwise,
    /// never tried on the real /dev/null).
    @Test func outputToADeviceWritesThroughIt() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let device = folder.url.appendingPathComponent("null").path
        let nullDevice = dev_t((1 << 8) | 3)  // major 1, minor 3: what /dev/null is
        guard mknod(device, S_IFCHR | 0o666, nullDevice) == 0 else { return }
        let result = try Self.sh("\"$0\" . -c '.output \(device)' -c 'reps | count'")
        #expect(result.status == 0, "\(result)")
        #expect(Self.isCharacterDevice(device), "the device became a regular file")
    }

    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    }

    /// A FIFO's reader gets the results (renaming over the FIFO gave it nothing).
    @Test func outputToAFIFOReachesItsReader() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let fifo = folder.url.appendingPathComponent("fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let result = try Self.sh("cat \(fifo) > \(fifo).got & \"$0\" . -c '.output \(fifo)' -c 'reps | count'; wait")
        #expect(result.status == 0, "\(result)")
        #expect(try String(contentsOfFile: fifo + ".got", encoding: .utf8) == "60\n")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    /// A symbolic link is followed: the file it points to gets the results, the link stays a link.
    @Test func outputThroughASymlinkWritesItsTarget() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let target = try folder.write("real.csv", "old\n").path
        let link = folder.url.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        let result = try Self.sh("\"$0\" . -c '.output \(link)' -c 'reps | count'")
        #expect(result.status == 0, "\(result)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "60\n")
    }

    /// `report -o` to a link to /dev/stdout writes the page to standard output; the link stays.
    @Test func reportToStandardOutputThroughALink() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let link = folder.url.appendingPathComponent("page.html").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/stdout")
        let result = try Self.sh("\"$0\" report weekly-review.pq -o \(link) . --as-of 2026-11-01")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>"), "\(result)")
        #expect(result.stderr == "wrote \(link): 12 queries\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/stdout")
    }

    // MARK: failed runs (item 3) and modes (item 9)

    /// A script that fails after `.output keep.csv` leaves keep.csv as it was, and says so.
    @Test func aFailedScriptLeavesTheOutputFileAsItWas() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let keep = try folder.write("keep.csv", "precious\n").path
        let result = try Self.sh("\"$0\" . -c '.output \(keep)' -c 'deals | count' -c 'nosuch | count'")
        #expect(result.status == 1, "\(result)")
        #expect(try String(contentsOfFile: keep, encoding: .utf8) == "precious\n")
        #expect(result.stderr.hasSuffix("note: \(keep) is left as it was (the script failed)\n"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["keep.csv"])
    }

    /// A disk that fills while the results are written: an error naming the cause, the old file kept. Only as
    /// root, in a mount namespace of its own with a 16 KiB tmpfs (never the real disk); skipped otherwise.
    @Test func aFullDiskLeavesTheOutputFileAsItWas() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let mount = folder.url.path
        let script = """
            unshare -m sh -c 'mount -t tmpfs -o size=16k tmpfs \(mount) || exit 77
            echo precious > \(mount)/keep.csv; head -c 12000 /dev/zero > \(mount)/fill
            PIPEQ_CACHE=off "$0" . -c ".output \(mount)/keep.csv" -c "deals"; echo "status=$?"; cat \(mount)/keep.csv; ls \(mount)' "$0"
            """
        let result = try Self.sh(script)
        if result.status == 77 { return }  // no mount namespaces here
        #expect(result.stdout == "status=1\nprecious\nfill\nkeep.csv\n", "\(result)")
        #expect(
            result.stderr
                == "error: cannot write to \(mount)/keep.csv: No space left on device; \(mount)/keep.csv is left as it was\n"
        )
    }

    /// Output files are private: a new one is 0600, a replaced one keeps its mode (0600 stayed 0644 before).
    @Test func outputFilesAreCreatedPrivateAndKeepTheirMode() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let secret = try folder.write("secret.csv", "old\n").path
        let shared = try folder.write("shared.csv", "old\n").path
        chmod(secret, 0o600)
        chmod(shared, 0o640)
        let new = folder.url.appendingPathComponent("new.csv").path
        for path in [secret, shared, new] {
            let result = try Self.sh("umask 022; \"$0\" . -c '.output \(path)' -c 'reps | count'")
            #expect(result.status == 0, "\(result)")
        }
        #expect(Self.mode(secret) == 0o600)
        #expect(Self.mode(shared) == 0o640)
        #expect(Self.mode(new) == 0o600)
    }

    // MARK: killed runs (item 19)

    /// What a run killed with SIGKILL leaves (its `.output` temporary beside the file, a temporary snapshot in
    /// the cache) is removed when the next pipeq starts, once it has sat untouched for 10 minutes.
    @Test func temporariesOfAKilledRunGoAtTheNextStart() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let home = folder.url.path
        let shell = try PtySession(arguments: [PipeQProcess.examples, "--no-history"], home: home, directory: home)
        #expect(shell.wait(for: "> "), "\(shell.output)")
        let mark = shell.mark
        shell.send(".output out.csv\rdeals | count\r")
        #expect(shell.wait(for: "> ", since: shell.mark) || shell.wait(for: "> ", since: mark))
        usleep(300_000)
        kill(shell.process.processIdentifier, SIGKILL)
        _ = shell.waitForExit()
        let pid = shell.process.processIdentifier

        let cache = home + "/.cache/pipeq"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let snapshot = cache + "/deals.csv-1.pqcol.tmp-\(pid)-7"
        try Data("partial".utf8).write(to: URL(fileURLWithPath: snapshot))
        let left = try FileManager.default.contentsOfDirectory(atPath: home).filter {
            $0.hasPrefix("out.csv.pipeq-tmp-\(pid)-")
        }
        #expect(left.count == 1, "the killed shell's .output temporary: \(left)")
        let old = Date().addingTimeInterval(-3_600)
        for path in left.map({ home + "/" + $0 }) + [snapshot] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }

        let pipeq = try PipeQProcess.binary.get().path
        let result = try PipeQProcess.run(
            ["HOME=\(home)", "PIPEQ_CACHE=", "XDG_CACHE_HOME=", pipeq, PipeQProcess.examples, "-c", "reps | count"],
            stdinBytes: nil, executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(result.status == 0, "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.contains(".pipeq-tmp-") }.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).isEmpty)
    }
}

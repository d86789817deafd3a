import Foundation
import PipeQCore

/// Runs a process with the given standard input, bounded by a timeout.
public func runProcess(_ executable: String, _ arguments: [String], stdin input: String, timeout: TimeInterval) throws
    -> (
        Int32, String, String
    )
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdinPipe = Pipe()
    let stdoutPipe = Pipe()
    let stderrPipe = Pipe()
    process.standardInput = stdinPipe
    process.standardOutput = stdoutPipe
    process.standardError = stderrPipe
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var out = Data()
    nonisolated(unsafe) var err = Data()
    // Readers on threads of their own: the global queue's width on Linux is the core count, and with
    // tests running in parallel its threads can all be blocked (then sqlite3 fills its pipe and stalls).
    // Plain read(2) retrying on EINTR: Foundation's readDataToEndOfFile traps when a signal interrupts it.
    for (pipe, isOut) in [(stdoutPipe, true), (stderrPipe, false)] {
        group.enter()
        Thread {
            let data = Data((try? FileDescriptorReader.readAll(pipe.fileHandleForReading.fileDescriptor)) ?? [])
            if isOut { out = data } else { err = data }
            group.leave()
        }.start()
    }
    stdinPipe.fileHandleForWriting.write(Data(input.utf8))
    try? stdinPipe.fileHandleForWriting.close()
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        throw ProcessTimeout(description: "\(executable) timed out after \(Int(timeout)) s")
    }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

/// A helper process that did not finish in time.
public struct ProcessTimeout: Error, CustomStringConvertible {
    public let description: String
}

/// The first executable of that name on PATH.
public func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

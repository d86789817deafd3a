#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Monotonic seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A process status field in MiB (VmHWM = peak, VmRSS = current; Linux only).
func statusMiB(_ key: String) -> Double? {
    guard let f = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), f) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(key + ":") {
            let kb = text.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
            return kb.map { $0 / 1024 }
        }
    }
    return nil
}

func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

/// Runs `body` `runs` times; returns the median and the minimum in seconds.
func timed(runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, min: Double) {
    var times: [Double] = []
    for _ in 0..<runs {
        let t0 = now()
        try body()
        times.append(now() - t0)
    }
    times.sort()
    let mid = times.count / 2
    let median = times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
    return (median, times[0])
}

func fixed(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return String((value * scale).rounded() / scale)
}

/// Start-up of the `pipeq` binary beside this one with no data and an empty standard input: the time to
/// reach the point where a prompt would be shown, plus exit. Nil when there is no such binary.
func measureStartup(runs: Int) throws -> (median: Double, max: Double)? {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pipeq")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else { return nil }
    var times: [Double] = []
    for _ in 0..<(runs + 1) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--no-history"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let t0 = now()
        try process.run()
        process.waitUntilExit()
        times.append(now() - t0)
    }
    times.removeFirst() // warm-up: page cache
    times.sort()
    return (times[times.count / 2], times.last!)
}

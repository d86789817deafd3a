import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
            let kb = text.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap {
                Double($0)
            }
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
    let summary = summarize(times)
    return (summary.median, summary.min)
}

/// Median, minimum and maximum of run times.
func summarize(_ times: [Double]) -> (median: Double, min: Double, max: Double) {
    let sorted = times.sorted()
    let mid = sorted.count / 2
    let median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    return (median, sorted[0], sorted[sorted.count - 1])
}

func fixed(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return String((value * scale).rounded() / scale)
}

/// The `pipeq` binary beside this one, when there is one.
func pipeqBinary() -> String? {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "pipeq"
    ).path
    return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil
}

/// Runs `pipeq ARGS` with standard input and output on /dev/null (and `PIPEQ_THREADS=threads` when given); its
/// wall time in seconds, or nil when it could not start or did not exit 0.
func timedProcess(_ binary: String, _ arguments: [String], threads: Int? = nil) -> Double? {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var environment = ProcessInfo.processInfo.environment
    if let threads { environment["PIPEQ_THREADS"] = String(threads) }
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    let t0 = now()
    guard posix_spawn(&pid, binary, &actions, nil, argv, envp) == 0 else { return nil }
    var exitStatus: Int32 = 0
    waitpid(pid, &exitStatus, 0)
    let elapsed = now() - t0
    return exitStatus == 0 ? elapsed : nil
}

/// A load the way the peers' figures are taken: a fresh `pipeq` process per run (`pipeq FILE --no-cache
/// -c 'TABLE | count'`, so no snapshot is read or written), timed from start to exit: start-up, the load,
/// the pipeline roles, one count and the exit are all in it. Median and minimum of `runs`; nil without
/// the binary.
func measureFreshLoad(path: String, table: String, threads: Int, runs: Int) -> (median: Double, min: Double)? {
    guard let binary = pipeqBinary() else { return nil }
    var times: [Double] = []
    for _ in 0..<runs {
        guard
            let t = timedProcess(
                binary, [path, "--no-cache", "--no-history", "-c", "\(table) | count"], threads: threads)
        else {
            return nil
        }
        times.append(t)
    }
    let summary = summarize(times)
    return (summary.median, summary.min)
}

/// Start-up of the `pipeq` binary beside this one with no data and an empty standard input: the time to
/// reach the point where a prompt would be shown, plus exit (posix_spawn and waitpid, measured before
/// the benchmark loads anything). Nil when there is no such binary.
func measureStartup(runs: Int) -> (median: Double, max: Double)? {
    guard let binary = pipeqBinary() else { return nil }
    var times: [Double] = []
    for _ in 0..<(runs + 1) {
        guard let t = timedProcess(binary, ["--no-history"]) else { return nil }
        times.append(t)
    }
    times.removeFirst()  // warm-up: page cache
    let summary = summarize(times)
    return (summary.median, summary.max)
}

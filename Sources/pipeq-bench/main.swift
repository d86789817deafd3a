// pipeq-bench: load-throughput benchmark.
//
//   pipeq-bench [--threads N] [--repeat R] [--schema] FILE.csv...
//
// Loads each file R times (default 3) with the CSV loader and prints the best time as MB/s and
// rows/s, the process's peak RSS (VmHWM from /proc/self/status) and, with --schema, the inferred
// column types. Query timings can be added as further sections below.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PipeQStorage

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident set size in MiB (Linux only; nil elsewhere).
func peakRSSMiB() -> Double? {
    guard let f = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), f) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
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

func format(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return String(rounded)
}

var threads: Int? = nil
var repeats = 3
var schema = false
var paths: [String] = []
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--threads": threads = args.popFirst().flatMap { Int($0) }
    case "--repeat": repeats = max(1, args.popFirst().flatMap { Int($0) } ?? 3)
    case "--schema": schema = true
    case "-h", "--help":
        print("usage: pipeq-bench [--threads N] [--repeat R] [--schema] FILE.csv...")
        exit(0)
    default: paths.append(arg)
    }
}
if paths.isEmpty {
    print("usage: pipeq-bench [--threads N] [--repeat R] [--schema] FILE.csv...")
    exit(2)
}

let options = CSVLoader.Options(maxThreads: threads)
for path in paths {
    let bytes = Double(fileSize(path))
    var best = Double.infinity
    var table: Table? = nil
    for _ in 0..<repeats {
        table = nil
        let t0 = now()
        do {
            table = try CSVLoader.load(path: path, options: options)
        } catch {
            print("\(error)")
            exit(1)
        }
        best = min(best, now() - t0)
    }
    let rows = Double(table!.rowCount)
    print("\(path): \(Int(rows)) rows, \(table!.fields.count) columns, \(format(bytes / 1_048_576)) MiB")
    print("  load best of \(repeats): \(format(best * 1000)) ms  \(format(bytes / 1e6 / best)) MB/s  "
        + "\(format(rows / best / 1e6, 2)) M rows/s  threads: \(threads.map(String.init) ?? "all")")
    if schema {
        for f in table!.fields {
            print("  \(f.name): \(f.type.displayName)\(f.column.nullCount > 0 ? " (\(f.column.nullCount) nulls)" : "")")
        }
    }
}
if let rss = peakRSSMiB() { print("peak RSS: \(format(rss)) MiB") }

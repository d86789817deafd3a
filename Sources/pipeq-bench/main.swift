// pipeq-bench: load throughput, memory and query medians on a generated pipeline dataset.
//
//   pipeq-bench [--deals N] [--data DIR] [--repeat R] [--as-of DATE] [--load-only | --completion-only] [--peers FILE]
//   pipeq-bench [--deals N] [--data DIR] [--repeat R] --postgres URI [--cluster URI] [--no-load]
//
// Without --data, generates N deals (default 1,000,000; seed 42) with pipeq's generator into
// bench-data/N (reused when present). With --data, uses DIR's deals.csv and history.csv — e.g. the
// shared peer generator's output, so DuckDB and polars can be timed on the very same files.
// Loads each file on 1 thread and on all cores (best and median of R, in this process; then the median of
// fresh `pipeq` processes, start to exit, which the peer table uses), then runs Q1–Q4 R times each and prints
// medians. Compare ratios with peers measured in the same sitting: the machine is shared and noisy.
// --peers FILE (the shared anchors.py's anchors-results.json, run on the same files) adds one table with
// DuckDB's and polars' figures beside pipeq's and the ratios. --completion-only loads the files once and prints
// only the interactive table (Tab latency in each completion context). --postgres URI loads the files into that
// PostgreSQL with COPY and times Q1–Q5 there, pipeq's compiled SQL beside hand-written SQL (and, with --cluster
// URI, on the sharded cluster of scripts/pg-cluster.sh: its coordinator), instead of the in-memory figures;
// --no-load times the tables an earlier run loaded.
import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQShell
import PipeQStorage

AllocatorTuning.apply()
var deals = 1_000_000
var dataDirectory: String?
var repeats = 7
var asOf = "2026-11-01"
var loadOnly = false
var completionOnly = false
var peersPath: String?
var postgresURI: String?
var clusterURI: String?
var postgresLoad = true
var args = CommandLine.arguments.dropFirst()
let usage =
    "usage: pipeq-bench [--deals N] [--data DIR] [--repeat R] [--as-of YYYY-MM-DD] [--load-only | --completion-only] [--peers anchors-results.json] [--postgres URI [--cluster URI] [--no-load]]"
while let arg = args.popFirst() {
    switch arg {
    case "--deals": deals = args.popFirst().flatMap { Int($0.replacingOccurrences(of: "_", with: "")) } ?? deals
    case "--data": dataDirectory = args.popFirst()
    case "--repeat": repeats = max(1, args.popFirst().flatMap { Int($0) } ?? repeats)
    case "--as-of": asOf = args.popFirst() ?? asOf
    case "--load-only": loadOnly = true
    case "--completion-only": completionOnly = true
    case "--peers": peersPath = args.popFirst()
    case "--postgres": postgresURI = args.popFirst()
    case "--cluster": clusterURI = args.popFirst()
    case "--no-load": postgresLoad = false
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        print(usage)
        exit(2)
    }
}

let directory: String
if let dataDirectory {
    directory = dataDirectory
} else {
    directory = "bench-data/\(deals)"
    if !FileManager.default.fileExists(atPath: directory + "/deals.csv") {
        print("generating \(deals) deals into \(directory) …")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let t0 = now()
        let summary = try PipelineGenerator(deals: deals, seed: 42, asOf: asOf).write(to: directory)
        print(summary.description.split(separator: "\n").first.map(String.init) ?? "", "in \(fixed(now() - t0, 2)) s")
    }
}

if clusterURI != nil && postgresURI == nil {
    print("--cluster needs --postgres (the single server the cluster is set beside)")
    exit(2)
}
if let postgresURI {
    guard let psql = Psql.find() else {
        print("--postgres needs psql (apt-get install postgresql-client)")
        exit(2)
    }
    // The catalog (types, roles, stage order) from the files' first rows: the queries compile from it, and the
    // rows themselves go to the server.
    var tables: [Table] = []
    for name in PostgresBench.tables {
        let sample = try PostgresBench.head(of: directory + "/\(name).csv", lines: 200_000)
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: sample).deletingLastPathComponent().path)
        }
        tables.append(try CSVLoader.load(path: sample, options: CSVLoader.Options()))
    }
    let stages = RoleMapper.stages(for: tables, config: try PipelineConfig.load(path: directory + "/pipeline.toml"))
    let catalog = Catalog(tables: RoleMapper.apply(to: tables, config: nil, stages: stages).tables, stages: stages)
    print("pipeq-bench on \(directory) in PostgreSQL, as-of \(asOf)")
    try PostgresBench(
        psql: Psql(executable: psql, connection: postgresURI),
        cluster: clusterURI.map { Psql(executable: psql, connection: $0) }, catalog: catalog, directory: directory,
        asOf: asOf, runs: repeats, load: postgresLoad
    ).run()
    exit(0)
}

let startup = completionOnly ? nil : measureStartup(runs: max(repeats, 10))
print("pipeq-bench on \(directory), as-of \(asOf), \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("")
print("| what | threads | best ms | median ms | MB/s (best) | M rows/s (best) |")
print("|---|---|---|---|---|---|")
var tables: [Table] = []
/// pipeq's figures in seconds for the peer table, per thread count: "deals"/"history" loads (the fresh-process
/// median; the in-process best when there is no `pipeq` binary beside this one) and "Q1"… (medians).
var figures: [String: [Int: Double]] = [:]
var dealRows = 0
for file in ["deals.csv", "history.csv"] {
    let path = directory + "/" + file
    guard FileManager.default.fileExists(atPath: path) else { continue }
    let bytes = Double(fileSize(path))
    for threads in completionOnly
        ? [ProcessInfo.processInfo.activeProcessorCount] : [1, ProcessInfo.processInfo.activeProcessorCount]
    {
        var table: Table?
        let time = try timed(runs: max(1, min(3, repeats))) {
            table = nil
            table = try CSVLoader.load(path: path, options: CSVLoader.Options(maxThreads: threads))
        }
        let rows = Double(table!.rowCount)
        figures[String(file.dropLast(4)), default: [:]][threads] = time.min
        if file == "deals.csv" { dealRows = table!.rowCount }
        print(
            "| load \(file) | \(threads) | \(fixed(time.min * 1000)) | \(fixed(time.median * 1000)) "
                + "| \(fixed(bytes / 1e6 / time.min)) | \(fixed(rows / time.min / 1e6, 2)) |")
        if threads != 1 || ProcessInfo.processInfo.activeProcessorCount == 1 { tables.append(table!) }
    }
}
// The same loads in fresh processes, as the peers are measured (one process per load, cold memory): these
// medians are what the peer table compares.
for file in ["deals.csv", "history.csv"] where !completionOnly {
    let path = directory + "/" + file
    guard FileManager.default.fileExists(atPath: path) else { continue }
    for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
        guard
            let time = measureFreshLoad(
                path: path, table: String(file.dropLast(4)), threads: threads,
                runs: max(1, min(5, repeats)))
        else { continue }
        figures[String(file.dropLast(4)), default: [:]][threads] = time.median
        print(
            "| load \(file), fresh `pipeq` process, start to exit | \(threads) | \(fixed(time.min * 1000)) "
                + "| \(fixed(time.median * 1000)) | | |")
    }
}

/// The peer table, when `--peers` was given (rows pipeq measured).
@MainActor func printPeers() {
    guard let peersPath else { return }
    switch PeerComparison.load(path: peersPath, dealRows: dealRows) {
    case .failure(let error):
        print("")
        print("peers: \(error)")
    case .success(let peers):
        // pipeq's loads here are the fresh-process medians (start to exit), like the peers' one load per process.
        let rows =
            [("load deals.csv", "deals", true), ("load history.csv", "history", true)]
            + (1...5).map { ("Q\($0)", "Q\($0)", false) }
        peers.printTable(
            rows: rows.filter { figures[$0.1] != nil }, pipeq: figures,
            cores: ProcessInfo.processInfo.activeProcessorCount)
    }
}

if loadOnly {
    printPeers()
    exit(0)
}
let stages = RoleMapper.stages(for: tables, config: try PipelineConfig.load(path: directory + "/pipeline.toml"))
let catalog = Catalog(tables: RoleMapper.apply(to: tables, config: nil, stages: stages).tables, stages: stages)
let rss = statusMiB("VmRSS") ?? 0
let bytesInColumns = catalog.tables.reduce(0) { $0 + $1.byteSize }
print("")
print(
    "memory after loading: RSS \(fixed(rss)) MiB; column data \(fixed(Double(bytesInColumns) / 1_048_576)) MiB "
        + "(\(catalog.tables.map { "\($0.name) \($0.rowCount) rows" }.joined(separator: ", ")))")
print("")
let cores = Parallel.coreCount
if !completionOnly {
    print("| query | 1 thread median ms | \(cores) threads median ms | result rows |")
    print("|---|---|---|---|")
}
let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate(asOf))
for (name, text) in benchmarkQueries where !completionOnly {
    var rows = 0
    var medians: [Double] = []
    for threads in [1, cores] {
        Parallel.coreCount = threads
        _ = try engine.run(text)  // warm-up
        let time = try timed(runs: repeats) {
            if case .rows(let result) = try engine.run(text) { rows = result.rowCount }
        }
        medians.append(time.median)
    }
    Parallel.coreCount = cores
    if let key = name.split(separator: " ").first, key.hasPrefix("Q") {
        figures[String(key)] = [1: medians[0], cores: medians[1]]
    }
    print("| \(name) | \(fixed(medians[0] * 1000, 2)) | \(fixed(medians[1] * 1000, 2)) | \(rows) |")
}
print("")
print("| interactive | median ms | worst ms |")
print("|---|---|---|")
let completion = CompletionEngine(engine: engine)
// The one scan completion makes (the data's last change date, for dates after `asof`): once per dataset, in
// the background from start-up (and after `.load`), so no Tab waits for it. Timed here to the end of the scan.
let prepared = timed(runs: 1) { _ = completion.dates.latestChange(engine) }
print("| the data's last change date: background scan, once per dataset | \(fixed(prepared.median * 1000, 3)) | |")
for input in completionInputs {
    _ = completion.complete(input)  // warm-up (first use builds a dictionary's sorted order)
    var worst = 0.0
    let time = timed(runs: repeats) {
        let t0 = now()
        _ = completion.complete(input)
        worst = max(worst, now() - t0)
    }
    print("| Tab after `\(input)` | \(fixed(time.median * 1000, 3)) | \(fixed(worst * 1000, 3)) |")
}
if let startup {
    print(
        "| start-up to prompt, no data (`pipeq` process, start to exit) | \(fixed(startup.median * 1000, 1)) | \(fixed(startup.max * 1000, 1)) |"
    )
}
printPeers()
print("")
print("peak RSS: \(fixed(statusMiB("VmHWM") ?? 0)) MiB")

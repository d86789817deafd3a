import Foundation
import FuzzHarness
import PipeQCore
import PipeQEngine
import PipeQStorage

/// libFuzzer target: arbitrary bytes through the CSV reader, validation, delimiter detection, header
/// normalisation, type inference and pipeline-role mapping; a table that loads is then queried once.
/// Any crash, sanitizer report or hang is a bug; a `Diagnostic` is fine.
///
/// Built normally this is a plain executable that replays each file named on the command line.
/// Built with `-DFUZZING` and `-sanitize=fuzzer,address` (see `scripts/fuzz.sh`), libFuzzer supplies `main`.
enum FuzzCSV {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let array = Array(bytes)
        // Both the single-threaded and the chunked parallel parser (a tiny threshold forces chunking).
        for options in [CSVLoader.Options(maxThreads: 1), CSVLoader.Options(maxThreads: 3, parallelThreshold: 64)] {
            guard let table = try? CSVLoader.load(bytes: array, path: "fuzz.csv", tableName: "deals", options: options) else { continue }
            let stages = RoleMapper.stages(for: [table], config: nil)
            let (mapped, _) = RoleMapper.apply(to: [table], config: nil, stages: stages)
            let engine = QueryEngine(catalog: Catalog(tables: mapped, stages: stages), asOfDay: 20_000)
            if case .rows(let result)? = try? engine.run("deals | count by stage") { _ = result.rowCount }
            for field in mapped.first?.fields.prefix(4) ?? [] where !field.name.contains("`") {
                _ = try? engine.run("deals | sort `\(field.name)` desc | limit 3")
                _ = try? engine.run("deals | min `\(field.name)`, max `\(field.name)`, count distinct `\(field.name)`")
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzCSV.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

@main
struct FuzzCSVMain {
    static func main() {
        FuzzHarness.main(name: "fuzz-csv", testOneInput: fuzzCSVTestOneInput)
    }
}

import Foundation
import FuzzHarness
import PipeQCore
import PipeQEngine
import PipeQStorage

/// libFuzzer target: arbitrary bytes through the CSV reader, validation, encodings, delimiter detection,
/// footers, header normalisation, type inference, the locale retyper, the CRM export adapters and role
/// mapping; the dataset that loads is then queried. Any crash, sanitizer report or hang is a bug; a
/// `Diagnostic` is fine.
///
/// A 0x1E byte (record separator) splits the input into two files, `deals` and `history`, so the adapters
/// that read two tables together (stays from history rows, ids across tables, owner names) run too.
///
/// Built normally this is a plain executable that replays each file named on the command line.
/// Built with `-DFUZZING` and `-sanitize=fuzzer,address` (see `scripts/fuzz.sh`), libFuzzer supplies `main`.
enum FuzzCSV {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let array = Array(bytes)
        let parts = array.split(separator: 0x1E, maxSplits: 1, omittingEmptySubsequences: false).map(Array.init)
        // Both the single-threaded and the chunked parallel parser (a tiny threshold forces chunking), with
        // rejected rows stored, and once read as Windows-1252.
        var rejecting = CSVLoader.Options(maxThreads: 3, parallelThreshold: 64)
        rejecting.storeRejects = true
        var latin = CSVLoader.Options(maxThreads: 1)
        latin.encoding = .windows1252
        for options in [CSVLoader.Options(maxThreads: 1), rejecting, latin] {
            var tables: [Table] = []
            for (part, name) in zip(parts, ["deals", "history"]) {
                guard
                    let loaded = try? CSVLoader.loadWithNotes(
                        bytes: part, path: "\(name).csv", tableName: name, options: options)
                else { continue }
                tables.append(ColumnRetyper.retype(loaded.table, options: loaded.valueFormat).table)
            }
            guard !tables.isEmpty else { continue }
            let (catalog, _) = DatasetLoader.assemble(tables, config: nil)
            let engine = QueryEngine(catalog: catalog, asOfDay: 20_000)
            if case .rows(let result)? = try? engine.run("deals | count by stage") { _ = result.rowCount }
            _ = try? engine.run("history | stagetime")
            _ = try? engine.run("deals | funnel")
            for field in catalog.tables.first?.fields.prefix(4) ?? [] where !field.name.contains("`") {
                _ = try? engine.run("\(catalog.tables[0].name) | sort `\(field.name)` desc | limit 3")
                _ = try? engine.run(
                    "\(catalog.tables[0].name) | min `\(field.name)`, max `\(field.name)`, count distinct `\(field.name)`"
                )
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

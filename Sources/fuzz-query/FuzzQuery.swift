import Foundation
import FuzzHarness
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage

/// libFuzzer target: arbitrary bytes as query text → lex → parse → bind → execute → render, on the
/// golden tests' fixture (plus an emoji row with nulls). Any crash, sanitizer report or hang is a bug; a `Diagnostic` is fine.
///
/// Built normally (`swift build`), this is a plain executable that runs each file named on the command
/// line through the same function (to replay a crash or a corpus). Built with `-DFUZZING` and
/// `-sanitize=fuzzer,address` (see `scripts/fuzz.sh`), libFuzzer supplies `main`.
enum FuzzQuery {
    static let catalog: Catalog = {
        let folder = NSTemporaryDirectory() + "pipeq-fuzz-query-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/deals.csv", contents: Data(fixtureDeals.utf8))
        _ = FileManager.default.createFile(atPath: folder + "/pipeline.toml", contents: Data(fixtureStages.utf8))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do throws(Diagnostic) {
            let loaded = try DatasetLoader.load(paths: [folder], options: CSVLoader.Options(maxThreads: 1))
            return loaded.catalog
        } catch {
            fatalError("fuzz-query: the fixture does not load: \(error.message)")
        }
    }()

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Query text arrives as a String: invalid UTF-8 is repaired exactly as the shell's reader does.
        let text = String(decoding: bytes, as: UTF8.self)
        // A fresh engine per input, so `let` names from one input don't leak into the next.
        let engine = QueryEngine(catalog: catalog, asOfDay: Int32(CivilTime.days(year: 2026, month: 11, day: 1)))
        for statement in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(4) {
            do {
                let outcome = try engine.run(String(statement))
                if case .rows(let result) = outcome, result.rowCount <= 10_000 {
                    _ = try? ResultRenderer(format: .table).render(result)
                    _ = MachineRenderers.csv(result)
                    _ = MachineRenderers.json(result)
                }
            } catch {
                _ = DiagnosticRenderer().render(error, source: String(statement))
            }
        }
    }

    static let fixtureDeals = #"""
        id,name,account,owner,stage,amount,probability,created,close_date,stage_entered,region_code
        1,Acme Renewal,Acme Corp,Ana Ruiz,Closed Won,12000,1.0,2026-01-05,2026-02-04,2026-02-04,08123
        2,Acme Expansion,Acme Corp,Ana Ruiz,Negotiation,30000,0.8,2026-06-01,2026-11-20,2026-09-15,08123
        3,Globex Pilot,Globex,Li Wei,Closed Lost,5000,0.0,2026-02-10,2026-03-12,2026-03-12,
        4,Globex Platform,Globex,Li Wei,Needs Analysis,45000,0.4,2026-08-01,2026-12-15,2026-09-01,
        5,Initech Support,Initech,Sam Ode,Prospecting,,0.1,2026-10-01,,2026-10-01,
        6,Initech Data,Initech,Sam Ode,Closed Won,8000,1.0,2026-03-01,2026-04-30,2026-04-30,
        7,Umbrella Deal,"Umbrella ""Holdings""",Ana Ruiz,Proposal,25000,0.6,2026-07-15,2027-01-10,2026-10-10,
        8,Hooli Suite,Hooli,Li Wei,Closed Won,60000,1.0,2025-11-01,2026-01-30,2026-01-30,
        9,Stark Pilot,Stark Ind,Sam Ode,Needs Analysis,15000,0.4,2026-09-20,2026-12-01,2026-10-25,
        10,Wayne Renewal,Wayne Ent,Ana Ruiz,Closed Lost,20000,0.0,2026-04-01,2026-05-31,2026-05-31,
        11,Initech 🚀 Seats,"Initech ""Labs""",Ana Ruiz,Prospecting,,,2026-10-01,,,

        """#

    static let fixtureStages = """
        [[stage]]
        name = "Prospecting"
        probability = 0.1
        [[stage]]
        name = "Needs Analysis"
        probability = 0.4
        [[stage]]
        name = "Proposal"
        probability = 0.6
        [[stage]]
        name = "Negotiation"
        probability = 0.8
        [[stage]]
        name = "Closed Won"
        outcome = "won"
        probability = 1.0
        [[stage]]
        name = "Closed Lost"
        outcome = "lost"
        probability = 0.0

        """
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQueryTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzQuery.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

@main
struct FuzzQueryMain {
    static func main() {
        FuzzHarness.main(name: "fuzz-query", testOneInput: fuzzQueryTestOneInput)
    }
}

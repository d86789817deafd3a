import Foundation
import PipeQEngine
import PipeQShell
import PipeQStorage
import Testing

/// Completion reads schemas and dictionaries only, so a 10M-row table completes as fast as a small one.
@Suite struct CompletionLatencyTests {
    static let rows = 10_000_000

    static func bigEngine() -> QueryEngine {
        let stages = (0..<7).map { "Stage \($0)" }
        let reps = (0..<1_000).map { "Rep \($0)" }
        let stageCodes = [UInt32](unsafeUninitializedCapacity: rows) { buffer, count in
            for i in 0..<rows { buffer[i] = UInt32(i % 7) }
            count = rows
        }
        let repCodes = [UInt32](unsafeUninitializedCapacity: rows) { buffer, count in
            for i in 0..<rows { buffer[i] = UInt32(i % 1_000) }
            count = rows
        }
        let table = Table(
            name: "deals",
            fields: [
                Field(ColumnInfo(name: "stage"), Column(.string(codes: stageCodes, StringDictionary(values: stages)))),
                Field(ColumnInfo(name: "rep"), Column(.string(codes: repCodes, StringDictionary(values: reps)))),
            ])
        return QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 20_000)
    }

    /// Right candidates on 10M rows; the latency (≤ 10 ms target) is a measured figure: `pipeq-bench` reports it.
    @Test func completesFromDictionariesOnTenMillionRows() {
        let completion = CompletionEngine(engine: Self.bigEngine())
        let inputs = [
            "deals | where stage = \"Sta", "deals where rep in (\"Rep 1", "deals | count by rep | where rep = \"Rep 9",
            "deals | count by ", "deals | ", "deals | funnel str", "deals | join ", "deals asof ", "deals | p9",
        ]
        for input in inputs { _ = completion.complete(input) }  // warm up
        var worst = 0.0
        for input in inputs {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = completion.complete(input)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            worst = max(worst, ms)
            #expect(!result.candidates.isEmpty, "\(input)")
            if input.hasSuffix("\"Sta") { #expect(result.candidates.count == 7) }
        }
        print("completion on \(Self.rows) rows: worst \(String(format: "%.2f", worst)) ms")
    }
}

import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// aging, forecast and balance are aggregates completed by a Fill node: every group × every bucket, or every
/// period from the first to the last, has a row (0 for an empty one). Expected rows computed by hand (as of
/// 2026-11-01) from the four deals below.
@Suite struct DenseVerbTests {
    // Probabilities are percentages (some are over 1): 0.4, 0.005, 0.01, 0.2.
    static let csv = """
        id,rep,status,value,created,close_date,probability
        1,Ana,open,100,2026-10-20,2026-11-10,40
        2,Ana,open,,,2027-01-05,0.5
        3,Bo,won,300,2026-06-01,2026-07-01,1
        4,Cy,open,50,2026-07-01,,20

        """

    static func rows(_ query: String) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-dense-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("deals.csv")
        try Data(Self.csv.utf8).write(to: file)
        let catalog = try DatasetLoader.load(paths: [file.path]).catalog
        guard
            case .rows(let result) = try QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
                .run(query)
        else { return [] }
        return (0..<result.rowCount).map { r in
            result.relation.fields.indices.map { c -> String in
                switch result.value(row: r, column: c) {
                case .null: return "null"
                case .string(let s): return s
                case .int(let v): return String(v)
                case .double(let v): return String(format: "%.4f", v)
                case .date(let d): return CivilTime.formatDate(Int(d))
                default: return "?"
                }
            }.joined(separator: ",")
        }
    }

    /// Ana: deal 1 is 12 days old, deal 2 has no created date (and no value: a null sum); Bo's only deal is won (his
    /// five buckets are empty); Cy's deal 4 is 123 days old. "no created date" is every rep's fifth bucket.
    @Test func agingGivesEveryRepEveryBucket() throws {
        let buckets = ["0-30d", "31-60d", "61-90d", "91d+", "no created date"]
        let filled: [String: (Int, String, String)] = [
            "Ana 0-30d": (1, "100.0000", ""), "Ana no created date": (1, "null", ""), "Cy 91d+": (1, "50.0000", ""),
        ]
        var expected: [String] = []
        for rep in ["Ana", "Bo", "Cy"] {
            for bucket in buckets {
                let row = filled["\(rep) \(bucket)"]
                expected.append("\(rep),\(bucket),\(row?.0 ?? 0),\(row?.1 ?? "0.0000")")
            }
        }
        #expect(try Self.rows("deals | aging by rep") == expected)
    }

    /// Open deals 1, 2 and 4: November 100 (× 0.4 = 40), December empty, January deal 2 without a value (null
    /// sums), then deal 4 with no close date (50 × 0.2 = 10) under a null month.
    @Test func forecastFillsMonthsAndPutsUndatedDealsLast() throws {
        #expect(
            try Self.rows("deals | forecast")
                == [
                    "2026-11-01,1,100.0000,40.0000", "2026-12-01,0,0.0000,0.0000", "2027-01-01,1,null,null",
                    "null,1,50.0000,10.0000",
                ])
    }

    /// Created months June, July and October (deal 2 has none): five months, mean 0.6; cv = sqrt((3 × 0.4² + 2 ×
    /// 0.6²) ÷ 4) ÷ 0.6 = 0.9129.
    @Test func balanceCountsEveryMonth() throws {
        #expect(
            try Self.rows("deals | balance by month")
                == [
                    "2026-06-01,1,1.6667", "2026-07-01,1,1.6667", "2026-08-01,0,0.0000", "2026-09-01,0,0.0000",
                    "2026-10-01,1,1.6667",
                ])
        #expect(try Self.rows("deals | balance summary by month") == ["5,3,0,0.6000,1,0.9129"])
        #expect(try Self.rows("deals where id = 3 | balance summary") == ["1,1,1,1.0000,1,null"])
    }
}

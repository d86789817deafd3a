import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// What the DuckDB differential suites share (quotas, unit economics, leads, the changes waterfall): hand-written SQL
/// run by DuckDB (`Tests/PipeQGoldenTests/duckdb-run.py`) over CSV files, and pipeq's answer to the same question
/// over the same files, both as rows of CSV cells.
enum DuckDBOracle {
    /// python3 with the duckdb module; nil, with an issue recorded, when it is missing.
    static func python() -> String? {
        guard let python = findExecutable("python3"),
            (try? runProcess(python, ["-c", "import duckdb"], stdin: "", timeout: 60).0) == 0
        else {
            Issue.record("DuckDB for Python is not installed: this test needs it (pip install duckdb)")
            return nil
        }
        return python
    }

    /// `CREATE TABLE NAME AS SELECT * FROM read_csv(FOLDER/FILE)` for each table, from NAME.csv unless named.
    static func setup(_ folder: String, _ tables: [(name: String, file: String?)]) -> String {
        tables.map {
            "CREATE TABLE \($0.name) AS SELECT * FROM read_csv('\(folder)/\($0.file ?? $0.name + ".csv")', header = true);"
        }.joined(separator: "\n")
    }

    /// DuckDB's rows for `sql` after `setup`, each cell as pipeq's CSV writes it (null empty); DuckDB's errors are
    /// recorded as issues.
    static func rows(_ python: String, setup: String, sql: String) throws -> [[String]] {
        let script = OracleEngine.repositoryRoot + "/Tests/PipeQGoldenTests/duckdb-run.py"
        let job = try JSONSerialization.data(withJSONObject: ["setup": setup, "statements": [sql]])
        let (status, out, err) = try runProcess(
            python, [script], stdin: String(decoding: job, as: UTF8.self), timeout: 300)
        #expect(status == 0, "duckdb-run.py: \(err)")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        if let message = object?["error"] as? String { Issue.record("DuckDB: \(message)\n\(sql)") }
        return ((object?["rows"] as? [[Any]]) ?? []).map { $0.map(text) }
    }

    /// pipeq's rows for `query` on `catalog` (as of 2026-11-01), as CSV cells without the header; nil, with an issue
    /// recorded, when the query gives no rows.
    static func pipeqRows(_ query: String, _ catalog: Catalog) throws -> [[String]]? {
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
        guard case .rows(let result) = try engine.run(query) else {
            Issue.record("pipeq: \(query) did not return rows")
            return nil
        }
        return Array(OracleCSV.parse(MachineRenderers.csv(result)).dropFirst())
    }

    /// Records the first `limit` rows that differ (numbers within 1e-9, `OracleCompare`), and a differing row count
    /// unless `countChecked`.
    static func expectSame(
        _ actual: [[String]], _ expected: [[String]], context: String, limit: Int = 5, countChecked: Bool = false
    ) {
        if !countChecked {
            #expect(expected.count >= 1, "DuckDB returned no rows — a vacuous case\n\(context)")
            #expect(
                actual.count == expected.count,
                "row count: pipeq \(actual.count), DuckDB \(expected.count)\n\(context)")
        }
        var mismatches = 0
        for (i, (a, e)) in zip(actual, expected).enumerated() where !OracleCompare.rowsMatch(a, e) {
            mismatches += 1
            if mismatches <= limit { Issue.record("row \(i + 1): pipeq \(a), DuckDB \(e)\n\(context)") }
        }
    }

    /// A DuckDB cell as pipeq's CSV writes it: null empty, numbers as numbers.
    static func text(_ value: Any) -> String {
        switch value {
        case is NSNull: return ""
        case let n as NSNumber: return n.stringValue
        default: return "\(value)"
        }
    }
}

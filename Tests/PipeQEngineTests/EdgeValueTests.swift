import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import Testing

/// Issue 18 item 8: values at the edges of their types (the output that other programs read is tested in
/// PipeQRenderTests' OutputEscapingTests).
@Suite struct EdgeValueTests {
    /// Runs `query` on one table `t` loaded from `csv`.
    static func result(_ csv: String, _ query: String) throws -> QueryResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeq-edge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("t.csv")
        try Data(csv.utf8).write(to: file)
        let catalog = try DatasetLoader.load(paths: [file.path]).catalog
        guard
            case .rows(let result) = try QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01")).run(
                query)
        else {
            throw Diagnostic(.execute, "no rows")
        }
        return result
    }

    static let extremes =
        "g,n\na,9223372036854775807\na,-9223372036854775808\na,0\nb,9223372036854775807\nb,9223372036854775805\nc,2\nc,3\n"

    /// The Double sum of Int64.max, Int64.min and 0 is 0 (both round to ±2^63), so the average was 0.
    @Test func averageOfExtremeIntegersIsExact() throws {
        let all = try Self.result(Self.extremes, "t where g = \"a\" | avg n")
        guard case .double(let a) = all.value(row: 0, column: 0) else {
            Issue.record("not a number")
            return
        }
        #expect(abs(a - (-1.0 / 3)) < 1e-12, "\(a)")
        let byGroup = try Self.result(Self.extremes, "t | avg n by g | sort g")
        #expect(byGroup.value(row: 1, column: 1) == .double(Double(Int64.max - 1)))
        #expect(byGroup.value(row: 2, column: 1) == .double(2.5))  // ordinary values: the Double path, unchanged
        let small = try Self.result("n\n1\n2\n4\n", "t | avg n")
        #expect(small.value(row: 0, column: 0) == .double(7.0 / 3))
    }

    /// `9999-12-31 + 1d` printed 10000-01-01 and `0001-01-01 - 1d` 0000-12-31, which nothing reads back. Now such
    /// arithmetic gives null, like integer overflow, and the result says why.
    @Test func dateArithmeticOutsideYears1To9999IsNullWithANote() throws {
        let result = try Self.result(
            "d,t\n9999-12-31,9999-12-31 23:00:00\n0001-01-01,0001-01-01 00:30:00\n2026-01-31,2026-01-31 12:00:00\n",
            "t | extend up = d + 1d, down = d - 1d, month = d + 1mo, later = t + 2h, earlier = t - 1h | select up, down, month, later, earlier"
        )
        let rows = (0..<3).map { r in (0..<5).map { ValueFormatter.plain(result.value(row: r, column: $0)) } }
        #expect(rows[0] == ["", "9999-12-30", "", "", "9999-12-31 22:00:00"])
        #expect(rows[1] == ["0001-01-02", "", "0001-02-01", "0001-01-01 02:30:00", ""])
        #expect(rows[2] == ["2026-02-01", "2026-01-30", "2026-02-28", "2026-01-31 14:00:00", "2026-01-31 11:00:00"])
        #expect(
            result.notes == [
                "date arithmetic that goes before 0001-01-01 or past 9999-12-31 gives null (pipeq's dates are years 1 to 9999)"
            ])
        let literal = try Self.result(
            "d\n2026-01-01\n", "t | extend x = 9999-12-31 + 1d, y = 0001-01-01 - 1d | select x, y")
        #expect(literal.value(row: 0, column: 0) == .null && literal.value(row: 0, column: 1) == .null)
        #expect(try Self.result("d\n2026-01-01\n", "t | extend x = d + 1d").notes.isEmpty)
    }
}

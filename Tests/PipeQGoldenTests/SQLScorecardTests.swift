import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQSQL

/// The scorecards' SQL beyond the golden set: the construct a `for REP` cannot compile named and pointed at.
@Suite struct SQLScorecardTests {
    /// `for NAME` finds the rep among the rep column's values; a rep column the compiler cannot trace to a table
    /// (rows appended) has none to look in.
    @Test func aRepOfAnAppendedColumnIsPointedAt() throws {
        let engine = QueryEngine(
            catalog: try GoldenDatasets.catalog("fixture"), asOfDay: CivilTime.parseDate("2026-11-01"))
        let query = #"deals | append deals | scorecard for "Li Wei""#
        var shown: String?
        do throws(Diagnostic) {
            _ = try engine.sql(query, dialect: .duckdb)
        } catch {
            shown = DiagnosticRenderer().render(error, source: query)
        }
        #expect(
            shown == """
                error: scorecard for a rep of a computed rep column cannot be compiled to DuckDB SQL yet — run it in memory: without --sql, or after .load TABLE for a database source
                  deals | append deals | scorecard for "Li Wei"
                                                       ^^^^^^^^

                """, "\(shown ?? "no error")")
        // Without `for`, the same rows compile.
        _ = try engine.sql("deals | append deals | scorecard", dialect: .duckdb)
    }
}

import PipeQCore
import PipeQEngine
import PipeQRender
import Testing

@testable import PipeQSQL

/// A construct the SQL compiler cannot write stops `--sql` with an error that names it, points at it in the query
/// (the caret line under the call, even inside a `where`, which keeps no span of its own), and says how to run the
/// query anyway: in memory, or after `.load`.
@Suite struct SQLUnsupportedTests {
    let engine: QueryEngine

    init() throws {
        engine = QueryEngine(
            catalog: try GoldenDatasets.catalog("expressions"), asOfDay: CivilTime.parseDate("2026-03-01"))
    }

    private func rendered(_ query: String, _ dialect: SQLDialect) -> String? {
        do throws(Diagnostic) {
            _ = try engine.sql(query, dialect: dialect)
            return nil
        } catch {
            return DiagnosticRenderer().render(error, source: query)
        }
    }

    @Test func aCallInAnItemIsPointedAt() {
        // SQLite reads a format's fields between its separators: a format with a space it cannot.
        let shown = rendered(#"deals | select id, d = date(raw_date, "%d %m %Y"), e = date(raw_date)"#, .sqlite)
        #expect(
            shown == """
                error: date(text, "%d %m %Y") (a space in the format) cannot be compiled to SQLite SQL yet — run it in memory: without --sql, or after .load TABLE for a database source
                  deals | select id, d = date(raw_date, "%d %m %Y"), e = date(raw_date)
                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^

                """, "\(shown ?? "no error")")
    }

    @Test func aCallInAFilterIsFoundInTheText() {
        let shown = rendered(#"deals where id > 1 and date(raw_date, "%d %m %Y") > 2025-01-01 | count"#, .sqlite)
        #expect(
            shown == """
                error: date(text, "%d %m %Y") (a space in the format) cannot be compiled to SQLite SQL yet — run it in memory: without --sql, or after .load TABLE for a database source
                  deals where id > 1 and date(raw_date, "%d %m %Y") > 2025-01-01 | count
                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^

                """, "\(shown ?? "no error")")
    }

    @Test func aDialectLimitNamesTheFormat() {
        // SQLite reads a format's fields between its separators; a space (one or more) it cannot.
        let shown = rendered(#"deals | select d = date(raw_date, "%d %m %Y")"#, .sqlite)
        #expect(
            shown == """
                error: date(text, "%d %m %Y") (a space in the format) cannot be compiled to SQLite SQL yet — run it in memory: without --sql, or after .load TABLE for a database source
                  deals | select d = date(raw_date, "%d %m %Y")
                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^

                """, "\(shown ?? "no error")")
    }

    @Test func aVerbKeywordIsFoundAfterItsPipe() {
        // Not the word inside the string: the stage keyword after the pipe.
        let span = SQLSpanFinder("deals where stage = \"funnel\" | funnel strict").verb("funnel")
        #expect(span == SourceSpan(31, 37))
    }
}

import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// Issue 18 item 8: output that other programs read — spreadsheets and Markdown viewers — cannot be made to run
/// what a cell holds.
@Suite struct OutputEscapingTests {
    /// Table `t` with one string column `s` holding `values`, selected whole.
    static func result(_ values: [String]) throws -> QueryResult {
        let table = TestTables.table("t", [("s", TestTables.strings(values))])
        let engine = QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 20_000)
        guard case .rows(let result) = try engine.run("t | select s") else {
            throw Diagnostic(.execute, "no rows")
        }
        return result
    }

    /// OWASP's CSV-injection list is = + - @ TAB CR; a leading TAB or CR went out unprefixed.
    @Test func excelSafeCSVPrefixesTabAndCarriageReturn() throws {
        let result = try Self.result(["\tcmd", "\r=1+1", "=1+1", "plain", "\r\nx"])
        let csv = try ResultRenderer(format: .csv, spreadsheetSafe: true).render(result)
        #expect(csv == "s\n'\tcmd\n\"'\r=1+1\"\n'=1+1\nplain\n\"'\r\nx\"\n", "\(csv.debugDescription)")
    }

    /// Markdown passes HTML through, so a cell holding <script> ran where the table was rendered.
    @Test func markdownEscapesHTMLPipesAndLineBreaks() throws {
        let result = try Self.result(["<script>alert(1)</script>", "a | b & c", "one\r\ntwo\nthree"])
        let markdown = try ResultRenderer(format: .markdown).render(result)
        #expect(
            markdown == """
                | s |
                | --- |
                | &lt;script&gt;alert(1)&lt;/script&gt; |
                | a \\| b &amp; c |
                | one<br>two<br>three |

                """, "\(markdown)")
    }
}

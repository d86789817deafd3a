import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import PipeQTestSupport
import Testing

/// Long and wide results stay on screen: middle rows and middle columns are left out, and said so.
@Suite struct TableRendererTests {
    @Test func wideResultsKeepTheFirstAndQueriedColumnsAndNameTheHiddenOnes() throws {
        let text = TableRenderer(maxWidth: 60).render(
            try FixtureEngine.result("deals where region_code = \"08123\" | sort amount | limit 2"))
        let lines = text.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.count <= 60 }, "\(text)")
        // id first; amount and region_code named by the query; then name and account, which still fit.
        #expect(lines[0] == " id | name           | account   | amount | region_code", "\(text)")
        #expect(
            text.hasSuffix(
                "(2 rows)\n7 columns hidden: owner, stage, probability, created, close_date, … (.expanded on or .mode line shows all)\n"
            ), "\(text)")
    }

    @Test func expandedAutoPrintsRecordsOnlyWhenARowDoesNotFit() throws {
        let renderer = TableRenderer(maxWidth: 60, expanded: .auto)
        let wide = renderer.render(try FixtureEngine.result("deals | limit 1"))
        #expect(wide.hasPrefix("-[ RECORD 1 ]---\n           id = 1\n         name = Acme Renewal\n"), "\(wide)")
        let narrow = renderer.render(try FixtureEngine.result("deals | select id, owner | limit 1"))
        #expect(narrow == " id | owner\n----+----------\n  1 | Ana Ruiz\n")
        // Not on a screen (no width): whole tables, never records.
        let file = TableRenderer(expanded: .auto).render(try FixtureEngine.result("deals | limit 1"))
        #expect(file.hasPrefix(" id | name "))
    }

    @Test func longResultsShowHeadAndTailInBoxesAndRecords() throws {
        let result = try FixtureEngine.result("deals | select id")
        let box = TableRenderer(maxRows: 2, boxed: true).render(result)
        #expect(box == "┌────┐\n│ id │\n├────┤\n│  1 │\n│  … │\n│ 10 │\n└────┘\n(10 rows, 2 shown)\n")
        let records = TableRenderer(maxRows: 2, expanded: .on).render(result)
        #expect(records == "-[ RECORD 1 ]-\nid = 1\n… 8 more rows\n-[ RECORD 10 ]-\nid = 10\n(10 rows)\n")
    }

    @Test func narrowResultsAreUntouched() throws {
        let text = TableRenderer(maxWidth: 60).render(try FixtureEngine.result("deals | select id, owner | limit 2"))
        #expect(text == " id | owner\n----+----------\n  1 | Ana Ruiz\n  2 | Ana Ruiz\n(2 rows)\n")
    }

    @Test func longResultsShowHeadAndTail() throws {
        let text = TableRenderer(maxRows: 4).render(try FixtureEngine.result("deals | select id"))
        #expect(text == " id\n----\n  1\n  2\n … 6 more rows\n  9\n 10\n(10 rows)\n")
    }

    /// A 20 MB cell: cut to the cell limit before any per-character work (escaping, counting), so the
    /// table is as long as the limit, with line breaks escaped inside it.
    static func bigCellResult() throws -> QueryResult {
        let big = String(repeating: "line of text\n", count: 1_600_000)  // 20.8 MB with 1.6M line breaks
        let table = TestTables.table(
            "t", [("id", Column(.int([1, 2]))), ("note", TestTables.strings([big, "short"]))])
        guard case .rows(let result) = try QueryEngine(catalog: Catalog(tables: [table]), asOfDay: 20_000).run("t")
        else {
            throw Diagnostic(.execute, "no rows")
        }
        return result
    }

    @Test func bigCellsAreCutToTheCellLimit() throws {
        let result = try Self.bigCellResult()
        let unlimited = TableRenderer().render(result).split(separator: "\n")
        #expect(unlimited.count == 5)
        #expect(unlimited[2].count < TableRenderer.longestCell + 10)
        #expect(unlimited[2].hasSuffix("line of text\\nline of…"))
        let narrow = TableRenderer(maxCellWidth: 20).render(result)
        #expect(
            narrow == " id | note\n----+----------------------\n  1 | line of text\\nline …\n  2 | short\n(2 rows)\n")
    }
}

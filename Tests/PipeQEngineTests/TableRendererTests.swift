import Foundation
import PipeQCore
import PipeQEngine
import PipeQRender
import PipeQStorage
import Testing

/// Long and wide results stay on screen: middle rows and middle columns are left out, and said so.
@Suite struct TableRendererTests {
    @Test func wideResultsKeepTheEdgeColumnsAndSayHowManyAreHidden() throws {
        let text = TableRenderer(maxWidth: 60).render(try FixtureEngine.result("deals | limit 2"))
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(text)")
        #expect(lines[0].hasPrefix(" id "))
        #expect(lines[0].hasSuffix("region_code | status"))
        #expect(lines[0].contains(" … "))
        #expect(text.hasSuffix("(2 rows, 12 columns, 8 not shown: select fewer or .mode csv)\n"), "\(text)")
    }

    @Test func narrowResultsAreUntouched() throws {
        let text = TableRenderer(maxWidth: 60).render(try FixtureEngine.result("deals | select id, owner | limit 2"))
        #expect(text == " id | owner\n----+----------\n  1 | Ana Ruiz\n  2 | Ana Ruiz\n(2 rows)\n")
    }

    @Test func longResultsShowHeadAndTail() throws {
        let text = TableRenderer(maxRows: 4).render(try FixtureEngine.result("deals | select id"))
        #expect(text == " id\n----\n  1\n  2\n … 6 more rows\n  9\n 10\n(10 rows)\n")
    }
}

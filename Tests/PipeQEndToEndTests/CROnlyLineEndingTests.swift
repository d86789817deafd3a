import Foundation
import Testing

/// Issue 18 item 5: a file from classic Mac OS or Excel's "CSV (Macintosh)" breaks lines with lone CRs; it used
/// to load as 0 rows under one header cell "value\r1", exit 0.
@Suite struct CROnlyLineEndingTests {
    @Test func crOnlyFileLoadsItsRowsWithANote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("mac.csv", "name,value\ra,1\rb,2\rc,3\r")
        let count = try PipeQProcess.run(["mac.csv", "-c", "mac | sum value"], in: directory.url)
        #expect(count.stdout == "6\n", "\(count)")
        #expect(count.status == 0)
        let schema = try PipeQProcess.run(["mac.csv", "--schema"], in: directory.url)
        #expect(schema.stdout.contains("mac: 3 rows"), "\(schema)")
        #expect(schema.stdout.contains("mac.csv: line breaks are carriage returns only"), "\(schema)")
    }

    @Test func crlfAndLfFilesGetNoNote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("crlf.csv", "name,value\r\na,1\r\nb,2\r\n")
        try directory.write("lf.csv", "name,value\na,1\nb,2\n")
        for table in ["crlf", "lf"] {
            let schema = try PipeQProcess.run(["\(table).csv", "--schema"], in: directory.url)
            #expect(schema.stdout.contains("\(table): 2 rows"), "\(schema)")
            #expect(!schema.stdout.contains("carriage returns"), "\(schema)")
        }
    }
}

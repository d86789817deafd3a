import Foundation
import Testing

/// `pipeq --sql [--dialect D]` and `.sql [D] QUERY`: the compiled SQL printed, nothing run; what cannot compile
/// yet is an error naming the construct, and fails the script.
@Suite struct SQLFlagTests {
    @Test func sqlFlagPrintsOneStatementWithQuotedValues() throws {
        let result = try PipeQProcess.run([
            PipeQProcess.fixture, "--sql", "-c", "deals where name = \"x'; drop table deals; --\" | count by owner",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("WITH \"s1\" AS (\n"), "\(result)")
        #expect(result.stdout.contains("\"name\" = 'x''; drop table deals; --'"), "\(result)")
        // PostgreSQL sorts text by its locale unless told: byte order, as pipeq does.
        #expect(result.stdout.contains("ORDER BY \"owner\" COLLATE \"C\" ASC NULLS LAST"), "\(result)")
        #expect(result.stdout.hasSuffix("SELECT \"owner\", \"count\" FROM \"s3\" ORDER BY __ord;\n"), "\(result)")
        #expect(!result.stdout.contains("Ana Ruiz"), "rows were printed: \(result)")
    }

    @Test func dialectChangesDateArithmetic() throws {
        let query = "deals | extend d = days(close_date - created) | avg d"
        let postgres = try PipeQProcess.run([PipeQProcess.fixture, "--sql", "-c", query])
        let sqlite = try PipeQProcess.run([PipeQProcess.fixture, "--sql", "--dialect", "sqlite", "-c", query])
        #expect(postgres.stdout.contains("CAST((\"close_date\" - \"created\") AS DOUBLE PRECISION)"), "\(postgres)")
        #expect(sqlite.stdout.contains("(julianday(\"close_date\") - julianday(\"created\"))"), "\(sqlite)")
    }

    @Test func aConstructThatCannotCompileFailsTheScript() throws {
        let result = try PipeQProcess.run([
            PipeQProcess.fixture, "--sql", "-c", "deals | count", "-c", "deals | select d = date(name, \"%d·%m·%Y\")",
        ])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("count(*)"), "\(result)")
        #expect(
            result.stderr.contains("error: date(text, \"%d·%m·%Y\") cannot be compiled to PostgreSQL SQL yet"),
            "\(result)")
    }

    @Test func sqlAndExplainTogetherAreAUsageError() throws {
        let result = try PipeQProcess.run([PipeQProcess.fixture, "--sql", "--explain", "-c", "deals | count"])
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("use either --sql or --explain, not both"), "\(result)")
    }

    @Test func sqlMetaCommandTakesADialectAndPointsIntoItsLine() throws {
        let result = try PipeQProcess.run(
            [PipeQProcess.fixture],
            stdin: ".sql duckdb deals where owner ~= \"li wei\" | count\n.sql deals | where x = 1\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("(lower(\"owner\") = lower('li wei'))"), "\(result)")
        #expect(result.stderr.contains("<stdin>:2:20: error: unknown column \"x\""), "\(result)")
    }
}

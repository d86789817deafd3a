import PipeQCore
import PipeQEngine
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQSQL

/// A compiled pivot's cell columns: read in memory for `--sql`, or asked of the database (`columnValues`), in the
/// engine's order and with its names; past 800 of them PostgreSQL and SQLite could not run the statement.
@Suite struct SQLPivotTests {
    /// `rows` rows of a key `k` (two values) and a pivoted column `c` of `distinct` values.
    private func engine(rows: Int, distinct: Int) -> QueryEngine {
        let table = TestTables.table(
            "t",
            [
                ("k", TestTables.strings((0..<rows).map { $0 % 2 == 0 ? "a" : "b" })),
                ("c", Column(.int((0..<rows).map { Int64($0 % distinct) }))),
                ("v", Column(.int((0..<rows).map { Int64($0) }))),
            ])
        return QueryEngine(catalog: Catalog(tables: [table], datasetName: "t"), asOfDay: 20_000)
    }

    @Test func pastEightHundredColumnsOnlyDuckDBTakesThePivot() throws {
        let engine = engine(rows: 1602, distinct: 801)
        let query = "t | select k, c, v | pivot c values v"
        for dialect in [SQLDialect.postgres, .sqlite] {
            #expect {
                _ = try engine.sql(query, dialect: dialect)
            } throws: { error in
                (error as? Diagnostic)?.message
                    == "pivot c would make more than 800 columns, too many for one \(dialect.displayName) statement"
            }
        }
        let duckdb = try engine.sql(query, dialect: .duckdb)
        #expect(duckdb.fields.count == 802)
        #expect(
            try engine.sql("t | where c < 800 | select k, c, v | pivot c values v", dialect: .postgres)
                .fields.count == 801)
    }

    @Test func databaseValuesAreAskedForInTheEnginesOrder() throws {
        let engine = engine(rows: 4, distinct: 4)
        var asked: [String] = []
        let statement = try engine.sql(
            "t | select k, c, v | pivot c values v", dialect: .postgres,
            columnValues: { (sql, type) throws(Diagnostic) in
                asked.append(sql)
                #expect(type == .int)
                return [.int(3), .int(1), .null]
            })
        #expect(asked.count == 1)
        #expect(asked.first?.contains("SELECT DISTINCT \"c\" AS \"v\"") == true)
        #expect(asked.first?.hasSuffix("ORDER BY \"v\" ASC NULLS LAST LIMIT 801") == true)
        // The columns are the values the database gave, named as the engine names them.
        #expect(statement.fields.map(\.name) == ["k", "3", "1", "null"])
    }
}

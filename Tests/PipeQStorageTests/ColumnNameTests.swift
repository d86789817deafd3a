import Testing

@testable import PipeQStorage

@Suite struct ColumnNameTests {
    @Test(arguments: [
        ("Deal Owner", "deal_owner"), ("closeValue", "close_value"), ("FIELD_KEY", "field_key"),
        ("Amount ($)", "amount"), ("2024 Revenue", "_2024_revenue"), ("HTTPStatus", "http_status"),
        ("  Close  Date  ", "close_date"), ("deal-id", "deal_id"), ("Größe", "größe"),
        ("already_snake", "already_snake"), ("ID", "id"), ("Q2Revenue", "q2_revenue"),
    ])
    func snakeCase(header: String, expected: String) {
        #expect(ColumnNameNormalizer.snakeCase(header) == expected)
    }

    @Test func headersKeptAndEmptyNamed() throws {
        let t = try loadCSV("Deal Owner,,($),closeValue\na,b,c,d\n")
        #expect(t.fields.map(\.name) == ["deal_owner", "column_2", "column_3", "close_value"])
        #expect(t.fields.map(\.info.header) == ["Deal Owner", "", "($)", "closeValue"])
        #expect(t.fields.allSatisfy { $0.info.role == nil })
    }

    @Test func quotedHeaders() throws {
        let t = try loadCSV("\"Amount, USD\",\"Say \"\"Hi\"\"\"\n1,2\n")
        #expect(t.fields.map(\.name) == ["amount_usd", "say_hi"])
        #expect(t.fields[1].info.header == "Say \"Hi\"")
    }
}

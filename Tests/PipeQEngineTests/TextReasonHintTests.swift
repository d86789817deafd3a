import PipeQCore
import PipeQEngine
import PipeQStorage
import Testing

/// A text column with a `textReason` (set by `ColumnRetyper`) explains itself in type errors.
@Suite struct TextReasonHintTests {
    static func engine() -> QueryEngine {
        let amount = Column(.string(codes: [0, 1, 2], StringDictionary(values: ["100", "n/a", "300"])))
        let info = ColumnInfo(name: "amount", textReason: "text because row 2 holds \"n/a\"")
        let name = Column(.string(codes: [0, 1, 2], StringDictionary(values: ["a", "b", "c"])))
        let table = Table(name: "t", fields: [Field(info, amount), Field(ColumnInfo(name: "name"), name)])
        return QueryEngine(catalog: Catalog(tables: [table]))
    }

    static func hint(_ query: String) -> String? {
        do {
            _ = try engine().run(query)
            return "<ran>"
        } catch {
            return error.hint
        }
    }

    @Test func aggregateArithmeticAndComparisonShowTheReason() {
        let reason = "amount is text because row 2 holds \"n/a\""
        #expect(Self.hint("t | sum amount") == reason)
        #expect(Self.hint("t | avg amount") == reason)
        #expect(Self.hint("t | select x = amount * 2") == reason)
        #expect(Self.hint("t | where amount > 3") == reason)
        // A text column without a reason keeps the usual hints.
        #expect(Self.hint("t | sum name") == "count it, or count distinct it")
    }
}

import PipeQEngine
import PipeQStorage

/// Hand-built tables for tests of the engine, the renderers and the shell: columns from literal values, and a
/// small five-deal catalog (deals: id, name, rep, stage, status, value; reps: rep, team) as an engine.
public enum TestTables {
    public static func strings(_ values: [String]) -> Column {
        var builder = StringDictionaryBuilder()
        let codes = values.map { builder.code(for: $0) }
        return Column(.string(codes: codes, builder.build()))
    }

    public static func table(_ name: String, _ columns: [(String, Column)], role: TableRole? = nil) -> Table {
        Table(name: name, fields: columns.map { Field(ColumnInfo(name: $0.0), $0.1) }, role: role)
    }

    public static func engine() -> QueryEngine {
        let deals = table(
            "deals",
            [
                ("id", Column(.int([1, 2, 3, 4, 5]))),
                ("name", strings(["Acme renewal", "Globex \"big\" deal", "Initech", "Umbrella", "Hooli"])),
                ("rep", strings(["Ann Lee", "Bo Chen", "Ann Lee", "Cy Diaz", "Bo Chen"])),
                ("stage", strings(["Negotiation", "Needs Analysis", "Prospecting", "Closed Won", "Negotiation"])),
                ("status", strings(["open", "open", "open", "won", "open"])),
                ("value", Column(.double([100, 250.5, 80, 1000, 40]))),
            ], role: .deals)
        let reps = table(
            "reps",
            [
                ("rep", strings(["Ann Lee", "Bo Chen", "Cy Diaz"])),
                ("team", strings(["East", "West", "East"])),
            ], role: .reps)
        return QueryEngine(catalog: Catalog(tables: [deals, reps], datasetName: "fixture"), asOfDay: 20_000)
    }
}

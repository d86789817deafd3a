import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// The HubSpot deal-export adapter over the fixtures in PipeQGoldenTests/Data/hubspot-* (written by
/// scripts/hubspot-fixtures.py from HubSpot's default deal property names; the deals are made up). Expected
/// values are read off the generator's deal list by hand.
@Suite struct HubSpotDealsExportTests {
    static func load(_ name: String) throws -> DatasetLoader.Loaded {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PipeQGoldenTests/Data/\(name)").path
        return try DatasetLoader.load(paths: [path], cache: nil)
    }

    /// A column's values as text: timestamps as "YYYY-MM-DD HH:MM", null as "-".
    static func text(_ table: Table, _ column: String) -> [String] {
        guard let field = table.field(named: column) else { return ["no column \(column)"] }
        return (0..<field.column.count).map { row in
            switch field.column.value(at: row) {
            case .null: return "-"
            case .string(let s): return s
            case .int(let v): return String(v)
            case .bool(let b): return String(b)
            case .timestamp(let t): return String(CivilTime.formatTimestamp(t).dropLast(3))
            case let other: return "\(other)"
            }
        }
    }

    // MARK: - Headers

    @Test func headersOfBothForms() {
        let entered = HubSpotStageColumn.parse(
            header: "Date entered \"Appointment Scheduled (Sales Pipeline)\"", field: 3)
        #expect(
            entered
                == HubSpotStageColumn(
                    field: 3, kind: .entered, stage: "Appointment Scheduled (Sales Pipeline)", isInternal: false,
                    isLegacy: false))
        #expect(
            HubSpotStageColumn.parse(header: "Cumulative time in \"Closed Won (Renewals)\"", field: 0)?.kind
                == .duration)
        #expect(HubSpotStageColumn.parse(header: "Time in \"Closed Won (Renewals)\"", field: 0)?.kind == .duration)
        #expect(HubSpotStageColumn.parse(header: "Date exited \"Closed Won (Renewals)\"", field: 0)?.kind == .exited)
        #expect(
            HubSpotStageColumn.parse(header: "hs_v2_date_entered_93480117", field: 1)
                == HubSpotStageColumn(field: 1, kind: .entered, stage: "93480117", isInternal: true, isLegacy: false))
        #expect(HubSpotStageColumn.parse(header: "hs_date_exited_closedwon", field: 1)?.isLegacy == true)
        #expect(HubSpotStageColumn.parse(header: "hs_v2_cumulative_time_in_closedwon", field: 1)?.kind == .duration)
        // Not per-stage columns.
        #expect(HubSpotStageColumn.parse(header: "Date entered", field: 0) == nil)
        #expect(HubSpotStageColumn.parse(header: "Create Date", field: 0) == nil)
        #expect(HubSpotStageColumn.parse(header: "hs_date_entered_", field: 0) == nil)
        // The pipeline is the last parenthesised group.
        #expect(
            HubSpotStageColumn.splitPipeline("Demo (virtual) (Sales Pipeline)")! == ("Demo (virtual)", "Sales Pipeline")
        )
        #expect(HubSpotStageColumn.splitPipeline("Closed Won") == nil)
    }

    @Test func epochMillisecondsAndTextAreInstants() throws {
        // 1706778000000 ms = 2024-02-01 09:00 UTC.
        let ints = try #require(HubSpotTimes(Fixture.column(.int([1_706_778_000_000, nil]))))
        #expect(ints.micros[0] == CivilTime.parseTimestamp("2024-02-01 09:00"))
        #expect(ints.isNull(1))
        #expect(HubSpotTimes(Fixture.column(.int([3, 4]))) == nil, "small integers are not times")
        let text = try #require(HubSpotTimes(Fixture.column(.text(["2024-02-01 09:00", "n/a", nil]))))
        #expect(text.micros[0] == CivilTime.parseTimestamp("2024-02-01 09:00"))
        #expect(text.isNull(1) && text.isNull(2))
    }

    @Test func otherTablesAreLeftAlone() {
        var state = ImportState(tables: [Fixture.generatedDeals, Fixture.generatedHistory])
        HubSpotDealsExport.adapt(&state)
        #expect(state.tables.map(\.name) == ["deals", "history"])
        #expect(state.tables[0].fields.count == Fixture.generatedDeals.fields.count)
        #expect(state.notes.isEmpty && state.stageOrder == nil)
    }

    /// An export built in memory: no Pipeline column (the suffixes name the pipelines), Deal Stage values that carry
    /// their pipeline, and times as epoch milliseconds (1704099600000 = 2024-01-01 09:00 UTC, one day = 86400000).
    @Test func suffixedStagesAndEpochMilliseconds() throws {
        func field(_ header: String, _ values: Fixture.Values) -> Field {
            Field(ColumnInfo(name: ColumnNameNormalizer.snakeCase(header), header: header), Fixture.column(values))
        }
        let day: Int64 = 86_400_000
        let t0: Int64 = 1_704_099_600_000
        let table = Table(
            name: "export",
            fields: [
                field("Record ID", .int([1, 2])),
                field("Deal Stage", .text(["Closed Won (Renewals)", "Demo (Sales Pipeline)"])),
                field("Date entered \"Demo (Sales Pipeline)\"", .int([nil, t0])),
                field("Date entered \"Renewal Due (Renewals)\"", .int([t0, nil])),
                field("Date entered \"Closed Won (Renewals)\"", .int([t0 + 2 * day, nil])),
            ])
        var state = ImportState(tables: [table])
        HubSpotDealsExport.adapt(&state)
        #expect(state.tables.map(\.name) == ["export", "history"])
        let deals = state.tables[0]
        let history = state.tables[1]
        #expect(Self.text(deals, "stage") == ["Closed Won", "Demo"])
        #expect(Self.text(deals, "stage_entered") == ["2024-01-03 09:00", "2024-01-01 09:00"])
        #expect(Self.text(history, "stage") == ["Renewal Due", "Closed Won", "Demo"])
        #expect(Self.text(history, "pipeline") == ["Renewals", "Renewals", "Sales Pipeline"])
        #expect(Self.text(history, "exited_at") == ["2024-01-03 09:00", "-", "-"])
        // Pipelines in column order: Sales Pipeline's Demo first, then Renewals.
        #expect(
            state.stageOrder?.stages.map { "\($0.pipeline ?? "-")/\($0.name)" } == [
                "Sales Pipeline/Demo", "Renewals/Renewal Due", "Renewals/Closed Won",
            ])
    }

    // MARK: - One pipeline, label form

    @Test func salesPipelineHistory() throws {
        let loaded = try Self.load("hubspot-sales")
        let history = try #require(loaded.catalog.table(role: .history))
        #expect(history.name == "history")
        #expect(history.fields.map(\.name) == ["deal_id", "stage", "pipeline", "entered_at", "exited_at"])
        // Deal-major, stays by entry time; 105 has no dates. 101 and 103 are still in their last stage (no exit);
        // 103 skipped Qualified To Buy; 107's Appointment Scheduled has no Date exited, so it ends when
        // Qualified To Buy was entered (2024-05-02 09:00).
        #expect(
            Self.text(history, "deal_id") == [
                "101", "101", "102", "102", "102", "102", "103", "103", "104", "104", "104",
                "106", "107", "107", "107", "107",
            ])
        let scheduled = "Appointment Scheduled"
        let qualified = "Qualified To Buy"
        let presented = "Presentation Scheduled"
        #expect(
            Self.text(history, "stage") == [
                scheduled, qualified, scheduled, qualified, presented, "Closed Won", scheduled, presented, scheduled,
                qualified, "Closed Lost", scheduled, scheduled, qualified, presented, "Closed Won",
            ])
        #expect(Set(Self.text(history, "pipeline")) == ["Sales Pipeline"])
        #expect(
            Self.text(history, "entered_at") == [
                "2024-03-01 09:00", "2024-03-05 09:00", "2024-02-01 10:00", "2024-02-03 10:00", "2024-02-10 10:00",
                "2024-02-20 10:00",
                "2024-04-01 08:00", "2024-04-04 08:00", "2024-01-10 12:00", "2024-01-12 12:00", "2024-01-22 12:00",
                "2024-06-20 15:30",
                "2024-05-01 09:00", "2024-05-02 09:00", "2024-05-06 09:00", "2024-05-16 09:00",
            ])
        #expect(
            Self.text(history, "exited_at") == [
                "2024-03-05 09:00", "-", "2024-02-03 10:00", "2024-02-10 10:00", "2024-02-20 10:00", "-",
                "2024-04-04 08:00", "-", "2024-01-12 12:00", "2024-01-22 12:00", "-", "-",
                "2024-05-02 09:00", "2024-05-06 09:00", "2024-05-16 09:00", "-",
            ])
        #expect(
            history.roleMap == [
                "deal_id": "deal_id", "stage": "stage", "entered_at": "entered_at", "exited_at": "exited_at",
            ])
    }

    @Test func salesPipelineDeals() throws {
        let loaded = try Self.load("hubspot-sales")
        let deals = try #require(loaded.catalog.table(role: .deals))
        // 5 Date entered + 5 Date exited + 3 Time in + 1 Cumulative time in = 14 columns gone, the rest kept.
        #expect(
            deals.fields.map(\.name) == [
                "id", "name", "stage", "pipeline", "value", "close_date", "created", "rep", "forecast_category",
                "probability", "last_modified_date", "is_closed_won", "stage_entered", "status",
            ])
        #expect(deals.field(named: "id")?.info.header == "Record ID")
        #expect(deals.field(named: "rep")?.info.header == "Deal owner")
        #expect(
            deals.roleMap == [
                "id": "id", "stage": "stage", "value": "value", "rep": "rep", "created": "created",
                "close_date": "close_date", "probability": "probability", "forecast_category": "forecast_category",
                "stage_entered": "stage_entered", "status": "status",
            ])
        // The entry time of each deal's current stage; 105 has none.
        #expect(
            Self.text(deals, "stage_entered") == [
                "2024-03-05 09:00", "2024-02-20 10:00", "2024-04-04 08:00", "2024-01-22 12:00", "-",
                "2024-06-20 15:30", "2024-05-16 09:00",
            ])
        #expect(Self.text(deals, "status") == ["open", "won", "open", "lost", "open", "open", "won"])
        #expect(loaded.notes.contains { $0.contains("dropped 14 per-stage columns") && $0.contains("16 stays") })
    }

    @Test func salesPipelineStageOrderIsTheColumnOrder() throws {
        let stages = try Self.load("hubspot-sales").catalog.stages
        // The first deal is in Qualified To Buy; the columns put Appointment Scheduled first.
        #expect(
            stages.order == [
                "Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Closed Won", "Closed Lost",
            ])
        #expect(stages.stages.map(\.outcome) == [.open, .open, .open, .won, .lost])
        #expect(stages.stages.allSatisfy { $0.pipeline == nil })
        #expect(stages.origin == "deals.csv: HubSpot \"Date entered\" column order")
    }

    // MARK: - Two pipelines

    @Test func twoPipelines() throws {
        let loaded = try Self.load("hubspot-pipelines")
        let stages = loaded.catalog.stages
        #expect(
            stages.stages.map { "\($0.pipeline ?? "-")/\($0.name)/\($0.outcome.rawValue)" } == [
                "Sales Pipeline/Appointment Scheduled/open", "Sales Pipeline/Qualified To Buy/open",
                "Sales Pipeline/Closed Won/won",
                "Sales Pipeline/Closed Lost/lost",
                // Churned is lost because its one deal (204) is closed and not won, though its name says nothing.
                "Renewals/Renewal Due/open", "Renewals/Quote Sent/open", "Renewals/Closed Won/won",
                "Renewals/Churned/lost",
            ])
        let history = try #require(loaded.catalog.table(role: .history))
        #expect(
            Self.text(history, "deal_id") == [
                "201", "201", "201", "202", "202", "202", "203", "203", "204", "204", "205", "205", "206", "206",
            ])
        #expect(
            Self.text(history, "pipeline") == [
                "Sales Pipeline", "Sales Pipeline", "Sales Pipeline", "Renewals", "Renewals", "Renewals",
                "Sales Pipeline", "Sales Pipeline", "Renewals", "Renewals", "Renewals", "Renewals",
                "Sales Pipeline", "Sales Pipeline",
            ])
        // Renewals has no Date exited columns: each stay ends when the next began, the current one stays open.
        #expect(Self.text(history, "exited_at")[3...5] == ["2024-02-08 09:00", "2024-02-18 09:00", "-"])
        // One "Closed Won" label in the stage column for both pipelines.
        guard case .string(_, let dictionary) = try #require(history.field(named: "stage")).column.values else {
            return
        }
        #expect(dictionary.values.filter { $0 == "Closed Won" }.count == 1)
        let deals = try #require(loaded.catalog.table(role: .deals))
        #expect(Self.text(deals, "status") == ["won", "won", "open", "lost", "open", "lost"])
        #expect(
            Self.text(deals, "stage_entered") == [
                "2024-01-15 09:00", "2024-02-18 09:00", "2024-03-03 09:00", "2024-03-20 09:00",
                "2024-04-11 09:00", "2024-04-04 09:00",
            ])
    }

    // MARK: - Internal property names

    @Test func internalPropertyNames() throws {
        let loaded = try Self.load("hubspot-internal")
        let stages = loaded.catalog.stages
        // Default ids by HubSpot's labels; 93480117 through the Deal Stage column beside dealstage; 93480118 stays an id.
        #expect(
            stages.order == [
                "Appointment Scheduled", "Qualified To Buy", "Legal Review", "93480118", "Closed Won", "Closed Lost",
            ])
        #expect(stages.origin == "deals.csv: HubSpot hs_v2_date_entered_* column order")
        #expect(loaded.notes.contains { $0.contains("93480118 have no label") })
        let deals = try #require(loaded.catalog.table(role: .deals))
        #expect(
            Self.text(deals, "stage") == [
                "Appointment Scheduled", "Closed Won", "Legal Review", "Qualified To Buy", "Closed Lost",
            ])
        #expect(Self.text(deals, "pipeline") == Array(repeating: "Sales Pipeline", count: 5))
        #expect(Self.text(deals, "status") == ["open", "won", "open", "open", "lost"])
        // 6 hs_v2 entered + 3 hs_v2 exited + 1 hs_v2_time_in + 1 legacy hs_date_entered = 11 columns gone.
        #expect(!deals.fields.contains { $0.name.hasPrefix("hs_v2_") || $0.name.hasPrefix("hs_date_") })
        #expect(loaded.notes.contains { $0.contains("dropped 11 per-stage columns") })
        #expect(deals.roleMap["rep"] == "rep" && deals.field(named: "rep")?.info.header == "hubspot_owner_id")
        let history = try #require(loaded.catalog.table(role: .history))
        #expect(
            Self.text(history, "deal_id") == [
                "301", "302", "302", "302", "302", "303", "303", "303", "304", "304", "305", "305", "305",
            ])
        // 305's stay in 93480118 has no exited column: it ends when Closed Lost was entered.
        #expect(Self.text(history, "stage").suffix(3) == ["Appointment Scheduled", "93480118", "Closed Lost"])
        #expect(Self.text(history, "exited_at").suffix(3) == ["2024-01-06 09:00", "2024-01-16 09:00", "-"])
    }
}

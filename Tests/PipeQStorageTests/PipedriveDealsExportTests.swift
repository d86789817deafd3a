import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// The deals-export adapter on Fixtures/pipedrive-deals-export/deals-export.csv, written for these tests with the
/// column headers of Pipedrive's "Export data → Deals" (Deal - ID … Organization - Name, Person - Name). Four deals:
///   1 open, Lead In, expected close 2024-04-30;   2 won 2024-03-20 16:00 (Demo Scheduled);
///   3 lost 2024-03-15 08:30 (Contact Made);        4 open, Contact Made, no expected close date.
@Suite struct PipedriveDealsExportTests {
    static var file: String {
        Bundle.module.url(forResource: "Fixtures/pipedrive-deals-export/deals-export", withExtension: "csv")!.path
    }

    static func adapted() throws -> ImportState {
        var state = ImportState(tables: [try DatasetLoader.loadTable(file, options: CSVLoader.Options(), cache: nil)])
        PipedriveDealsExport.adapt(&state)
        return state
    }

    static func values(_ table: Table, _ column: String) -> [Scalar] {
        guard let field = table.field(named: column) else { return [] }
        return (0..<field.column.count).map { field.column.value(at: $0) }
    }

    @Test func dealColumnsAreRenamedKeepingTheirHeaders() throws {
        let table = try #require(try Self.adapted().tables.first)
        #expect(
            table.fields.map(\.name) == [
                "id", "title", "value", "currency", "stage", "pipeline", "owner", "status", "created",
                "won_time", "lost_time", "closed_on", "expected_close_date", "stage_entered",
                "probability", "lost_reason", "organization_name", "person_name", "close_date",
            ])
        #expect(table.field(named: "created")?.info.header == "Deal - Deal created")
        #expect(table.field(named: "stage_entered")?.info.header == "Deal - Last stage change")
        #expect(table.field(named: "organization_name")?.info.header == "Organization - Name")
        #expect(Self.values(table, "status") == ["open", "won", "lost", "open"].map { Scalar.string($0) })
    }

    @Test func closeDateIsTheActualCloseElseTheExpectedOne() throws {
        let table = try #require(try Self.adapted().tables.first)
        let closeDate = try #require(table.field(named: "close_date"))
        #expect(closeDate.info.isSynthesised)
        let expected = ["2024-04-30 00:00:00", "2024-03-20 16:00:00", "2024-03-15 08:30:00", nil]
        #expect(
            Self.values(table, "close_date")
                == expected.map { $0.flatMap(CivilTime.parseTimestamp).map(Scalar.timestamp) ?? .null })
    }

    @Test func rolesMapAfterLoading() throws {
        let loaded = try DatasetLoader.load(paths: [Self.file], cache: nil)
        let deals = try #require(loaded.catalog.table(role: .deals))
        #expect(deals.name == "deals_export" && loaded.catalog.table(named: "deals") === deals)
        #expect(
            deals.roleMap == [
                "id": "id", "value": "value", "stage": "stage", "rep": "owner", "status": "status",
                "created": "created",
                "close_date": "close_date", "stage_entered": "stage_entered", "probability": "probability",
            ])
        #expect(deals.derived == [.age, .stageAge, .cycle])
    }

    /// Other tables are left alone: a header needs the "Deal - " prefix, and three of them.
    @Test func recognisesOnlyDealsExports() {
        #expect(PipedriveDealsExport.dealSuffix("Deal - Deal created") == "deal_created")
        #expect(PipedriveDealsExport.dealSuffix("Deal value") == nil)
        #expect(PipedriveDealsExport.dealSuffix("Organization - Name") == nil)
        #expect(!PipedriveDealsExport.isDealsExport(Fixture.mavenPipeline))
        #expect(!PipedriveDealsExport.isDealsExport(Fixture.pipedriveChanges))
    }
}

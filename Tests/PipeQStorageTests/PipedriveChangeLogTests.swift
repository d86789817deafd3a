import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// The Pipedrive change-log adapter on Fixtures/pipedrive-changelog (written for these tests from Pipedrive's
/// public field keys). The log, by deal, in change-time order:
///   101: created 01-01 09:00 by user 7 in stage 1 (Lead In), value 1500 EUR; stage 2 (Contact Made) 01-05 09:00 and
///        again 01-06 09:00 (a repeat, listed before the 01-05 row in the file); value 2500 01-10; stage 4 (Demo Scheduled)
///        01-11 09:00; won_time 2024-01-21 09:00 and status "won" logged at 01-21 09:00.
///   102: created 01-02 12:00 by user 8 in stage 1; stage 4 01-04 12:00; lost_reason 2 (Went with a competitor) 01-08 12:00.
///   103: created 01-03 00:00 by user 9 (not in users.csv) in stage 1; never moved.
///   104: no add_time and no stage: a title and expected_close_date 2024-02-01 logged at 01-12 15:30.
/// stages.csv is Pipedrive's own shape (id, name, order_nr, pipeline_id): stage 4 has order_nr 3, so the order is
/// Lead In, Contact Made, Demo Scheduled, Proposal Made. fields.csv spells stage 2 "Contact made".
@Suite struct PipedriveChangeLogTests {
    static var folder: String {
        Bundle.module.url(forResource: "Fixtures/pipedrive-changelog", withExtension: nil)!.path
    }

    /// The folder's tables after the adapter alone (before role mapping).
    static func adapted() throws -> ImportState {
        let files = try DatasetLoader.csvFiles(in: folder)
        var state = ImportState(
            tables: try files.map { try DatasetLoader.loadTable($0, options: CSVLoader.Options(), cache: nil) })
        PipedriveChangeLog.adapt(&state)
        return state
    }

    static func values(_ table: Table, _ column: String) -> [Scalar] {
        guard let field = table.field(named: column) else { return [] }
        return (0..<field.column.count).map { field.column.value(at: $0) }
    }

    static func ts(_ text: String?) -> Scalar {
        text.flatMap { CivilTime.parseTimestamp($0) }.map { .timestamp($0) } ?? .null
    }
    static func s(_ text: String?) -> Scalar { text.map { .string($0) } ?? .null }

    @Test func dealsHoldTheLatestValueOfEachField() throws {
        let state = try Self.adapted()
        let deals = try #require(state.tables.first { $0.name == "deals" })
        #expect(deals.rowCount == 4)
        // Canonical columns first, then the logged keys in the order the file first shows them.
        #expect(
            deals.fields.map(\.name) == [
                "id", "stage", "status", "owner", "created", "close_date", "stage_entered",
                "add_time", "user_id", "stage_id", "value", "currency", "lost_reason",
                "title", "expected_close_date", "won_time",
            ])
        #expect(Self.values(deals, "id") == [.int(101), .int(102), .int(103), .int(104)])
        // Stage 2 is named as stages.csv spells it; 104 never had a stage.
        #expect(Self.values(deals, "stage") == ["Demo Scheduled", "Demo Scheduled", "Lead In", nil].map(Self.s))
        // 101 logged status won; 102 a lost_reason; 103 and 104 nothing that closes a deal.
        #expect(Self.values(deals, "status") == ["won", "lost", "open", "open"].map(Self.s))
        // User 9 has no row in users.csv: kept as logged.
        #expect(Self.values(deals, "owner") == ["Ada Example", "Ben Example", "9", nil].map(Self.s))
        // 104 has no add_time: its first change.
        #expect(
            Self.values(deals, "created")
                == ["2024-01-01 09:00:00", "2024-01-02 12:00:00", "2024-01-03 00:00:00", "2024-01-12 15:30:00"].map(
                    Self.ts))
        // Won at won_time; lost when the lost_reason was logged; 104's expected close; 103 none.
        #expect(
            Self.values(deals, "close_date")
                == ["2024-01-21 09:00:00", "2024-01-08 12:00:00", nil, "2024-02-01 00:00:00"].map(Self.ts))
        // 101's last stage change is 01-11 (stage 4); 103 entered Lead In when created.
        #expect(
            Self.values(deals, "stage_entered")
                == ["2024-01-11 09:00:00", "2024-01-04 12:00:00", "2024-01-03 00:00:00", nil].map(Self.ts))
        // value is a number, the latest logged (2500, not 1500); ids stay integers; option fields become labels.
        #expect(Self.values(deals, "value") == [.double(2500), .null, .null, .null])
        #expect(Self.values(deals, "stage_id") == [.int(4), .int(4), .int(1), .null])
        #expect(Self.values(deals, "lost_reason") == [nil, "Went with a competitor", nil, nil].map(Self.s))
        #expect(deals.field(named: "expected_close_date")?.type == .date)
        #expect(deals.field(named: "won_time")?.type == .timestamp)
        // The log itself is left as loaded.
        #expect(state.tables.first { $0.name == "deal_changes" }?.fields.count == 4)
    }

    @Test func historyHasOneRowPerStay() throws {
        let state = try Self.adapted()
        let history = try #require(state.tables.first { $0.name == "history" })
        #expect(history.fields.map(\.name) == ["deal_id", "stage", "entered_at", "exited_at"])
        // 101's two Contact Made rows fold into one stay from 01-05; its last stay ends when it was won, 102's when it was
        // lost; 103's is still open.
        #expect(Self.values(history, "deal_id") == [101, 101, 101, 102, 102, 103].map { Scalar.int($0) })
        #expect(
            Self.values(history, "stage")
                == ["Lead In", "Contact Made", "Demo Scheduled", "Lead In", "Demo Scheduled", "Lead In"].map(Self.s))
        #expect(
            Self.values(history, "entered_at")
                == [
                    "2024-01-01 09:00:00", "2024-01-05 09:00:00", "2024-01-11 09:00:00",
                    "2024-01-02 12:00:00", "2024-01-04 12:00:00", "2024-01-03 00:00:00",
                ].map(Self.ts))
        #expect(
            Self.values(history, "exited_at")
                == [
                    "2024-01-05 09:00:00", "2024-01-11 09:00:00", "2024-01-21 09:00:00",
                    "2024-01-04 12:00:00", "2024-01-08 12:00:00", nil,
                ].map(Self.ts))
    }

    /// The value and expected_close_date rows, every one (not only the latest the deals table keeps), in each deal's
    /// change order: 101's value 1500 at 01-01 09:00 and 2500 at 01-10 09:00; 104's expected close 2024-02-01 at
    /// 01-12 15:30. The other column of each row is null; stage, owner and status rows are not terms.
    @Test func termsKeepEveryCloseDateAndValueChange() throws {
        let state = try Self.adapted()
        let terms = try #require(state.tables.first { $0.name == "history_terms" })
        #expect(terms.role == .terms)
        #expect(terms.fields.map(\.name) == ["deal_id", "changed_at", "close_date", "amount"])
        #expect(Self.values(terms, "deal_id") == [101, 101, 104].map { Scalar.int($0) })
        #expect(
            Self.values(terms, "changed_at")
                == ["2024-01-01 09:00:00", "2024-01-10 09:00:00", "2024-01-12 15:30:00"].map(Self.ts))
        let close = try #require(CivilTime.parseDate("2024-02-01"))
        #expect(Self.values(terms, "close_date") == [.null, .null, .date(close)])
        #expect(Self.values(terms, "amount") == [.double(1500), .double(2500), .null])
        #expect(
            state.notes.contains(
                "history_terms: 3 close date and amount rows of deal_changes kept (every change, also those within one "
                    + "stage), for changes and slipped"))
    }

    @Test func stageOrderAndNotes() throws {
        let state = try Self.adapted()
        let order = try #require(state.stageOrder)
        #expect(order.order == ["Lead In", "Contact Made", "Demo Scheduled", "Proposal Made"])
        #expect(order.stages.allSatisfy { $0.outcome == .open && $0.pipeline == nil })
        #expect(order.origin == "pipedrive-changelog/stages.csv (order_nr)")
        #expect(
            state.notes.contains {
                $0.hasPrefix("deal_changes: a Pipedrive field-change log pivoted into deals (4 deals")
                    && $0.contains("history (6 stays from 7 stage changes, 1 repeat of the stage before folded)")
            })
        #expect(
            state.notes.contains {
                $0.contains(
                    "disagree on 1 name (id 2: \"Contact Made\" vs \"Contact made\"): stages.csv's spelling is used")
            })
        #expect(
            state.notes.contains(
                "deals.status: its latest status change; else lost when a lost_reason was logged, won when a won_time was logged, the later when both were, else open (2 open, 1 won, 1 lost)"
            ))
        #expect(
            state.notes.contains(
                "deals.owner: user_id turned into names via users.csv; 1 id with no user kept as logged"))
        #expect(state.notes.contains("deals.created: add_time, else the deal's first logged change (1 deal)"))
    }

    @Test func rolesMapAfterLoading() throws {
        let loaded = try DatasetLoader.load(paths: [Self.folder], cache: nil)
        let deals = try #require(loaded.catalog.table(role: .deals))
        #expect(deals.name == "deals")
        #expect(
            deals.roleMap == [
                "id": "id", "stage": "stage", "status": "status", "rep": "owner", "value": "value",
                "created": "created", "close_date": "close_date", "stage_entered": "stage_entered",
            ])
        let history = try #require(loaded.catalog.table(role: .history))
        #expect(
            history.roleMap == [
                "deal_id": "deal_id", "stage": "stage", "entered_at": "entered_at", "exited_at": "exited_at",
            ])
        #expect(loaded.catalog.stages.order == ["Lead In", "Contact Made", "Demo Scheduled", "Proposal Made"])
        #expect(
            loaded.notes.contains {
                $0.hasPrefix("deal_changes: a field-change log") && $0.contains("pivoted into deals and history")
            })
    }

    /// Without a stages table the fields table names the stages and gives their order.
    @Test func fieldOptionsNameStagesWithoutAStagesTable() throws {
        let files = try DatasetLoader.csvFiles(in: Self.folder).filter { !$0.hasSuffix("stages.csv") }
        var state = ImportState(
            tables: try files.map { try DatasetLoader.loadTable($0, options: CSVLoader.Options(), cache: nil) })
        PipedriveChangeLog.adapt(&state)
        let history = try #require(state.tables.first { $0.name == "history" })
        #expect(Self.values(history, "stage")[1] == .string("Contact made"))
        #expect(state.stageOrder?.order == ["Lead In", "Contact made", "Proposal Made", "Demo Scheduled"])
        #expect(state.stageOrder?.origin == "pipedrive-changelog/fields.csv (stage_id options)")
    }

    /// A derived table never takes a loaded table's name.
    @Test func namesAreFreed() throws {
        var state = try Self.adapted()
        state.tables.removeAll { ["deals", "history", "history_terms"].contains($0.name) }
        state.tables.append(Table(name: "deals", fields: []))
        state.notes = []
        state.stageOrder = nil
        PipedriveChangeLog.adapt(&state)
        #expect(state.tables.map(\.name).suffix(4) == ["deals", "deals_2", "history", "history_terms"])
    }

    /// A deal whose only change has no change time (found by fuzz-csv: reading its "first change" indexed past its
    /// rows) is kept with its id and no created date, instead of crashing the load.
    @Test func aDealWithNoUsableChangeKeepsItsId() throws {
        let text = """
            deal_id,change_time,changed_field_key,new_value
            1,2024-01-01 09:00:00,stage_id,1
            2,,stage_id,2
            1,2024-01-03 09:00:00,stage_id,2

            """
        let table = try CSVLoader.load(bytes: Array(text.utf8), path: "deal_changes.csv", tableName: "deal_changes")
        var state = ImportState(tables: [table])
        PipedriveChangeLog.adapt(&state)
        let deals = try #require(state.tables.first { $0.name == "deals" })
        #expect(Self.values(deals, "id") == [.int(1), .int(2)])
        #expect(Self.values(deals, "created") == [Self.ts("2024-01-01 09:00:00"), .null])
    }
}

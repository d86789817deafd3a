import PipeQCore
import Testing

@testable import PipeQStorage

private func mapped(_ tables: [Table], config: PipelineConfig? = nil) -> (tables: [Table], notes: [String]) {
    let stages = RoleMapper.stages(for: tables, config: config)
    return RoleMapper.apply(to: tables, config: config, stages: stages)
}

private func stringValues(_ column: Column) -> [String?] {
    (0..<column.count).map { if case .string(let s) = column.value(at: $0) { return s } else { return nil } }
}

@Suite struct RoleMapperTests {
    @Test func mavenCRM() throws {
        let input = [Fixture.mavenAccounts, Fixture.mavenPipeline, Fixture.mavenProducts, Fixture.mavenTeams]
        let (tables, notes) = mapped(input)
        let deals = try #require(tables.first { $0.role == .deals })
        // A recognised table keeps its file's name; the catalog also answers to its role name.
        #expect(deals.name == "sales_pipeline")
        #expect(Catalog(tables: tables).table(named: "deals") === deals)
        #expect(Catalog(tables: tables).table(named: "sales_pipeline") === deals)
        #expect(Catalog(tables: tables).table(named: "reps")?.name == "sales_teams")
        #expect(
            deals.roleMap == [
                "id": "opportunity_id", "rep": "sales_agent", "stage": "deal_stage", "value": "close_value",
                "created": "engage_date", "close_date": "close_date", "status": "status",
            ])
        #expect(deals.derived == [.age, .cycle])
        // status synthesised from stage names.
        let status = try #require(deals.field(named: "status"))
        #expect(status.info.isSynthesised)
        #expect(stringValues(status.column) == ["won", "won", "lost", "open", "open"])
        // The stage column sorts in pipeline order: Prospecting < Engaging < Won < Lost.
        guard case .string(let codes, let dictionary) = try #require(deals.field(named: "stage")).column.values else {
            Issue.record("stage is not a string column")
            return
        }
        #expect(dictionary.hasCustomOrder)
        let byRank = codes.widened.sorted { dictionary.ranks[Int($0)] < dictionary.ranks[Int($1)] }.map {
            dictionary.values[Int($0)]
        }
        #expect(byRank == ["Prospecting", "Engaging", "Won", "Won", "Lost"])

        let reps = try #require(tables.first { $0.role == .reps })
        #expect(reps.name == "sales_teams")
        #expect(reps.roleMap == ["rep": "sales_agent", "manager": "manager", "region": "regional_office"])
        #expect(tables.first { $0.name == "accounts" }?.role == nil)
        #expect(tables.first { $0.name == "products" }?.role == nil)
        #expect(!tables.contains { $0.role == .history })
        #expect(
            notes.contains(
                "sales_pipeline: deals table; roles id=opportunity_id, rep=sales_agent, stage=deal_stage, created=engage_date, close_date, value=close_value; also reachable as deals; synthesised status (open/won/lost) from deal_stage; derived age, cycle"
            ))
        #expect(RoleMapper.stages(for: input, config: nil).order == ["Prospecting", "Engaging", "Won", "Lost"])
    }

    @Test func olistMarketingFunnel() throws {
        let (tables, notes) = mapped([Fixture.olistLeads, Fixture.olistClosedDeals])
        let deals = try #require(tables.first { $0.role == .deals })
        #expect(deals.name == "olist_closed_deals_dataset")
        // sr_id is the sales rep who closed the deal; sdr_id qualified the lead; seller_id is the customer.
        #expect(deals.roleMap == ["id": "mql_id", "rep": "sr_id", "close_date": "won_date"])
        #expect(deals.field(named: "status") == nil, "no stage column, so no status is synthesised")
        #expect(deals.derived.isEmpty)
        // the marketing qualified leads are the leads table (a lead id and an origin), the deals naming them by mql_id
        let leads = try #require(tables.first { $0.name == "olist_marketing_qualified_leads_dataset" })
        #expect(leads.role == .leads)
        #expect(leads.roleMap == ["lead_id": "mql_id", "source": "origin", "created": "first_contact_date"])
        #expect(deals.leadReference.map { deals.fields[$0].name } == "mql_id")
        #expect(
            notes.contains {
                $0.hasPrefix(
                    "olist_closed_deals_dataset: used as the deals table although it has no stage or value column")
            })
        #expect(notes.contains { $0.contains("no column for stage, value, created") })
    }

    @Test func pipedriveChangeLogIsNotTakenForHistory() {
        let input = [
            Fixture.pipedriveActivity, Fixture.pipedriveChanges, Fixture.pipedriveStages, Fixture.pipedriveUsers,
        ]
        let (tables, notes) = mapped(input)
        #expect(tables.allSatisfy { $0.role == nil })
        #expect(tables.map(\.name) == input.map(\.name))
        let note = notes.first { $0.hasPrefix("deal_changes:") }
        #expect(note?.contains("a field-change log") == true)
        #expect(note?.contains("changed_field_key is the stage field (e.g. stage_id)") == true)
        #expect(note?.contains("via stages") == true)
        #expect(notes.contains("stages: a stage id → name lookup, not a deals table"))
    }

    @Test func generatedDataset() throws {
        let input = [Fixture.generatedDeals, Fixture.generatedHistory, Fixture.generatedReps]
        let (tables, _) = mapped(input)
        #expect(tables.map(\.name) == ["deals", "history", "reps"])
        #expect(tables.map(\.role) == [.deals, .history, .reps])
        #expect(
            tables[0].roleMap == [
                "id": "id", "rep": "rep", "stage": "stage", "status": "status", "value": "value",
                "probability": "probability", "lead_score": "lead_score", "created": "created",
                "close_date": "close_date", "stage_entered": "stage_entered", "source": "source",
            ])
        #expect(!tables[0].fields.contains { $0.info.isSynthesised })
        #expect(tables[0].derived == [.age, .stageAge, .cycle])
        #expect(
            tables[1].roleMap == [
                "deal_id": "deal_id", "stage": "stage", "entered_at": "entered_at", "exited_at": "exited_at",
            ])
        #expect(
            tables[2].roleMap == [
                "rep": "rep", "team": "team", "manager": "manager", "region": "region", "quota": "quota",
            ])
        // With two deals in history the order comes from it; stages absent from history follow.
        let stages = RoleMapper.stages(for: input, config: nil)
        #expect(stages.order == ["Prospecting", "Proposal", "Closed Won", "Closed Lost"])
    }

    @Test func configOverridesWin() throws {
        let opps = Fixture.table(
            "opps",
            [
                "key": .text(["a", "b"]),
                "owner": .text(["Ann", "Bob"]),
                "closer": .text(["Cy", "Di"]),
                "phase": .text(["Open", "Won"]),
                "created": .text(["soon", "later"]),  // a string: cannot be the created date
            ])
        let config = PipelineConfig(
            stages: StageDefinitions(
                stages: [StageDefinition(name: "Open"), StageDefinition(name: "Won", outcome: .won)], origin: "p.toml"),
            roleOverrides: [
                (table: "deals", role: .rep, column: "closer"), (table: "opps", role: .stage, column: "phase"),
                (table: "deals", role: .id, column: "KEY"), (table: "deals", role: .value, column: "missing"),
            ],
            tableRoles: [.deals: "opps"])
        let (tables, notes) = RoleMapper.apply(to: [opps], config: config, stages: config.stages!)
        let deals = tables[0]
        #expect(deals.name == "opps" && deals.role == .deals)
        #expect(deals.roleMap == ["rep": "closer", "stage": "phase", "id": "key", "status": "status"])
        #expect(stringValues(deals.field(named: "status")!.column) == ["open", "won"])
        #expect(notes.contains("pipeline.toml: opps has no column \"missing\" for role value"))
    }

    @Test func typeChecksRejectWrongColumns() throws {
        let t = Fixture.table(
            "pipeline",
            [
                "id": .int([1]),
                "stage": .text(["Won"]),
                "amount": .text(["lots"]),  // text, not a value
                "value": .double([10]),
                "created": .text(["yesterday"]),
                "create_date": .timestamp(["2024-01-02 03:04:05"]),
            ])
        let (tables, _) = mapped([t])
        #expect(tables[0].roleMap["value"] == "value")
        #expect(tables[0].roleMap["created"] == "create_date")
    }

    @Test func existingDealsNameIsKept() throws {
        let other = Fixture.table("deals", ["x": .int([1])])
        let (tables, notes) = mapped([other, Fixture.mavenPipeline])
        #expect(tables.map(\.name) == ["deals", "sales_pipeline"])
        #expect(tables[1].role == .deals && tables[0].role == nil)
        #expect(!notes.contains { $0.contains("renamed") })
    }

    /// A table of a rep (or a team), a period start and a quota is the quotas table, not a second reps table; the
    /// reps table beside it keeps its role, and a reps table with a hire date is not taken for quotas.
    @Test func quotasTableIsRecognisedByItsColumns() throws {
        let quotas = Fixture.table(
            "targets",
            [
                "owner": .text(["Ana", nil]), "team": .text(["East", "East"]),
                "period_start": .date(["2026-01-01", "2026-01-01"]), "quota_amount": .double([1000, 5000]),
            ])
        let (tables, _) = mapped([Fixture.generatedDeals, Fixture.generatedReps, quotas])
        #expect(tables.map(\.role) == [.deals, .reps, .quotas])
        #expect(
            tables[2].roleMap == ["rep": "owner", "team": "team", "period": "period_start", "quota": "quota_amount"])
        let hired = Fixture.table(
            "people",
            ["rep": .text(["Ana"]), "quota": .double([1000]), "start_date": .date(["2020-01-01"])])
        #expect(mapped([Fixture.generatedDeals, hired]).tables.map(\.role) == [.deals, .reps])
    }

    /// Spend (a period, a channel, an amount) and revenue (a customer, a month, the revenue, an end date) are
    /// recognised by their columns, neither taken for quotas or reps; the deals' lead source plays the source role.
    @Test func spendAndRevenueTablesAreRecognisedByTheirColumns() throws {
        let spend = Fixture.table(
            "marketing",
            ["month": .date(["2026-01-01"]), "channel": .text(["Ads"]), "amount": .double([3000])])
        let revenue = Fixture.table(
            "subscriptions",
            [
                "account_id": .text(["C1"]), "billing_month": .date(["2026-01-01"]), "mrr": .double([500]),
                "cancelled_at": .date([nil]),
            ])
        let (tables, _) = mapped([Fixture.generatedDeals, Fixture.generatedReps, spend, revenue])
        #expect(tables.map(\.role) == [.deals, .reps, .spend, .revenue])
        #expect(tables[2].roleMap == ["period": "month", "source": "channel", "amount": "amount"])
        #expect(
            tables[3].roleMap == [
                "customer": "account_id", "period": "billing_month", "revenue": "mrr", "end_date": "cancelled_at",
            ])
        // a quotas table with an amount is still the quotas table, not spend
        let quotas = Fixture.table(
            "targets", ["rep": .text(["Ana"]), "period": .date(["2026-01-01"]), "amount": .double([1000])])
        #expect(mapped([Fixture.generatedDeals, quotas]).tables.map(\.role) == [.deals, .quotas])
    }
}

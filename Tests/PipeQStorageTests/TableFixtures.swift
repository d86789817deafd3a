import PipeQCore

@testable import PipeQStorage

/// Small hand-built tables typed the way the CSV loader types them: dates `.date`, datetimes
/// `.timestamp`, whole numbers `.int`, decimals `.double`, text dictionary-encoded strings.
enum Fixture {
    enum Values {
        case text([String?])
        case int([Int64?])
        case double([Double?])
        case date([String?])
        case timestamp([String?])
        case bool([Bool?])
    }

    static func column(_ values: Values) -> Column {
        switch values {
        case .text(let v):
            var builder = StringDictionaryBuilder()
            let codes = v.map { $0.map { builder.code(for: $0) } ?? 0 }
            return Column(
                .string(codes: codes, builder.build()), nulls: NullBitmap.from(count: v.count) { v[$0] == nil })
        case .int(let v):
            return Column(.int(v.map { $0 ?? 0 }), nulls: NullBitmap.from(count: v.count) { v[$0] == nil })
        case .double(let v):
            return Column(.double(v.map { $0 ?? 0 }), nulls: NullBitmap.from(count: v.count) { v[$0] == nil })
        case .date(let v):
            return Column(
                .date(v.map { $0.flatMap { CivilTime.parseDate($0) } ?? 0 }),
                nulls: NullBitmap.from(count: v.count) { v[$0] == nil })
        case .timestamp(let v):
            return Column(
                .timestamp(v.map { $0.flatMap { CivilTime.parseTimestamp($0) } ?? 0 }),
                nulls: NullBitmap.from(count: v.count) { v[$0] == nil })
        case .bool(let v):
            return Column(.bool(v.map { $0 ?? false }), nulls: NullBitmap.from(count: v.count) { v[$0] == nil })
        }
    }

    static func table(_ name: String, _ columns: KeyValuePairs<String, Values>) -> Table {
        Table(
            name: name, fields: columns.map { Field(ColumnInfo(name: $0.key), column($0.value)) },
            sourcePath: name + ".csv")
    }

    // MARK: - Real export shapes

    static let mavenPipeline = table(
        "sales_pipeline",
        [
            "opportunity_id": .text(["1C1I7A6R", "Z063OYW0", "EC4QE1BX", "MV1LWRNH", "PE84CX4O"]),
            "sales_agent": .text(["Moses Frase", "Darcel Schlecht", "Darcel Schlecht", "Moses Frase", "Zane Levy"]),
            "product": .text(["GTX Plus Basic", "GTXPro", "MG Special", "GTX Basic", "GTXPro"]),
            "account": .text(["Cancity", "Isdom", "Cancity", nil, "Hottechi"]),
            "deal_stage": .text(["Won", "Won", "Lost", "Prospecting", "Engaging"]),
            "engage_date": .date(["2016-10-20", "2016-10-25", "2016-10-25", nil, "2017-08-01"]),
            "close_date": .date(["2017-03-01", "2017-03-11", "2017-03-07", nil, nil]),
            "close_value": .int([1054, 4514, 0, nil, nil]),
        ])
    static let mavenTeams = table(
        "sales_teams",
        [
            "sales_agent": .text(["Anna Snelling", "Moses Frase", "Darcel Schlecht"]),
            "manager": .text(["Dustin Brinkmann", "Dustin Brinkmann", "Melvin Marxen"]),
            "regional_office": .text(["Central", "Central", "Central"]),
        ])
    static let mavenAccounts = table(
        "accounts",
        [
            "account": .text(["Acme Corporation", "Betasoloin"]),
            "sector": .text(["technolgy", "medical"]),
            "year_established": .int([1996, 1999]),
            "revenue": .double([1100.04, 251.41]),
            "employees": .int([2822, 495]),
            "office_location": .text(["United States", "United States"]),
            "subsidiary_of": .text([nil, nil]),
        ])
    static let mavenProducts = table(
        "products",
        [
            "product": .text(["GTX Basic", "GTX Pro"]),
            "series": .text(["GTX", "GTX"]),
            "sales_price": .int([550, 4821]),
        ])

    static let olistClosedDeals = table(
        "olist_closed_deals_dataset",
        [
            "mql_id": .text(["5420aad7fec3549a85876ba1c529bd84", "a555fb36b9368110ede0f043dfc3b9a0"]),
            "seller_id": .text(["2c43fb513632d29b3b58df74816f1b06", "bbb7d7893a450660432ea6652310ebb7"]),
            "sdr_id": .text(["a8387c01a09e99ce014107505b92388c", "09285259593c61296eef10c734121d5b"]),
            "sr_id": .text(["4ef15afb4b2723d8f3d81e51ec7afefe", "d3d1e91a157ea7f90548eef82f1955e3"]),
            "won_date": .timestamp(["2018-02-26 19:58:54", "2018-05-08 20:17:59"]),
            "business_segment": .text(["pet", "car_accessories"]),
            "lead_type": .text(["online_medium", "industry"]),
            "lead_behaviour_profile": .text(["cat", "eagle"]),
            "has_company": .bool([nil, nil]),
            "has_gtin": .bool([nil, nil]),
            "average_stock": .text([nil, nil]),
            "business_type": .text(["reseller", "reseller"]),
            "declared_product_catalog_size": .double([nil, nil]),
            "declared_monthly_revenue": .double([0, 0]),
        ])
    static let olistLeads = table(
        "olist_marketing_qualified_leads_dataset",
        [
            "mql_id": .text(["dac32acd4db4c29c230538b72f8dd87d", "8c18d1de7f67e60dbd64e3c07d7e9d5d"]),
            "first_contact_date": .date(["2018-02-01", "2017-10-20"]),
            "landing_page_id": .text(["88740e65d5d6b056e0cda098e1ea6313", "007f9098284a86ee80ddeb25d53e0af8"]),
            "origin": .text(["social", "paid_search"]),
        ])

    static let pipedriveChanges = table(
        "deal_changes",
        [
            "deal_id": .int([881836, 881836, 881836]),
            "change_time": .timestamp(["2024-04-09 21:32:09", "2024-04-12 21:32:09", "2024-04-17 21:32:09"]),
            "changed_field_key": .text(["add_time", "user_id", "stage_id"]),
            "new_value": .text(["2024-04-09T21:32:09", "1463", "2"]),
        ])
    static let pipedriveStages = table(
        "stages",
        [
            "stage_id": .int([1, 2, 3]),
            "stage_name": .text(["Lead Generation", "Qualified lead", "Needs Assessment"]),
        ])
    static let pipedriveUsers = table(
        "users",
        [
            "id": .int([1, 2]),
            "name": .text(["Ashley Gonzalez", "Joseph Pena"]),
            "email": .text(["crystaljackson@example.org", "wagnernicholas@example.org"]),
            "modified": .timestamp(["2024-04-27 04:51:50.980402", "2024-04-10 09:27:18.033888"]),
        ])
    static let pipedriveActivity = table(
        "activity",
        [
            "activity_id": .int([807438, 846825]),
            "type": .text(["follow_up", "follow_up"]),
            "assigned_to_user": .int([637, 1461]),
            "deal_id": .int([328852, 491381]),
            "done": .bool([true, false]),
            "due_to": .timestamp(["2024-07-24T06:47:10", "2024-04-21T07:41:54"]),
        ])

    // MARK: - pipeq's own generator

    static let generatedDeals = table(
        "deals",
        [
            "id": .int([1, 2, 3]),
            "name": .text([
                "Helity Health LLC - Analytics Expansion", "Corara Software Ltd - Mobile New Business",
                "Ionica Motors Corp - Data Cloud Renewal",
            ]),
            "account": .text(["Helity Health LLC", "Corara Software Ltd", "Ionica Motors Corp"]),
            "rep": .text(["Jamal Torres", "Felix Mori", "Keiko Keller"]),
            "team": .text(["Enterprise NA", "Mid-Market NA", "Mid-Market NA"]),
            "region": .text(["North America", "North America", "North America"]),
            "segment": .text(["Enterprise", "Mid-Market", "Mid-Market"]),
            "source": .text(["Partner", "Web", "Web"]),
            "stage": .text(["Closed Lost", "Proposal", "Closed Won"]),
            "status": .text(["lost", "open", "won"]),
            "value": .double([119356.56, 156206.37, 34111.34]),
            "probability": .double([0, 0.6, 1]),
            "lead_score": .int([43, 66, 43]),
            "created": .date(["2025-03-11", "2026-05-28", "2026-07-02"]),
            "close_date": .date(["2025-04-16", "2026-12-01", "2026-10-02"]),
            "stage_entered": .date(["2025-04-16", "2026-07-14", "2026-10-02"]),
        ])
    static let generatedHistory = table(
        "history",
        [
            "deal_id": .int([1, 1, 2, 2]),
            "stage": .text(["Prospecting", "Closed Lost", "Prospecting", "Proposal"]),
            "entered_at": .timestamp([
                "2025-03-11 12:35:26", "2025-04-16 08:01:07", "2026-05-28 17:39:42", "2026-07-14 12:35:19",
            ]),
            "exited_at": .timestamp(["2025-04-16 08:01:07", nil, "2026-07-14 12:35:19", nil]),
        ])
    static let generatedReps = table(
        "reps",
        [
            "rep": .text(["Jamal Torres", "Felix Mori"]),
            "team": .text(["Enterprise NA", "Mid-Market NA"]),
            "manager": .text(["Dana Whitfield", "Priya Raman"]),
            "region": .text(["North America", "North America"]),
            "quota": .double([2_412_000, 1_105_000]),
        ])
}

extension Table {
    /// Role → column name, for compact expectations.
    var roleMap: [String: String] {
        var map: [String: String] = [:]
        for f in fields { if let role = f.info.role { map[role.canonicalName] = f.name } }
        return map
    }
}

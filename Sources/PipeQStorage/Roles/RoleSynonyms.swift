/// The column names each pipeline role is recognised by, in order of preference, and the types
/// a column must have to play it.
enum RoleSynonyms {
    /// Names longer than this (in UTF-8 bytes) are cut before normalising.
    static let longestName = 1_024

    /// Lower-case snake_case with runs of other characters collapsed to one underscore.
    static func normalise(_ name: String) -> String {
        // No synonym is near this long: a huge header (a one-line file of 20 MB) is normalised by its start
        // only and marked so it matches nothing, instead of costing seconds for every role checked.
        if name.utf8.count > longestName {
            // Not recursive: a cut inside a multi-byte character decodes to U+FFFD, which can be longer than
            // what it replaced, so the cut string may still be over the limit (fuzz-csv: a stack overflow).
            return snakeCase(String(decoding: name.utf8.prefix(longestName), as: UTF8.self)) + "…"
        }
        return snakeCase(name)
    }

    private static func snakeCase(_ name: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for c in name.lowercased() {
            if c.isLetter || c.isNumber {
                if pendingUnderscore && !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(c)
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }

    /// The roles a table of each kind may hold, in the order they are assigned.
    static func roles(for table: TableRole) -> [ColumnRole] {
        switch table {
        case .deals:
            return [
                .id, .stage, .status, .value, .rep, .created, .closeDate, .stageEntered,
                .probability, .leadScore, .forecastCategory, .source,
            ]
        case .history: return [.dealId, .stage, .enteredAt, .exitedAt, .closeDate, .value]
        case .reps: return [.rep, .team, .manager, .region, .quota]
        case .quotas: return [.rep, .team, .period, .quota]
        case .spend: return [.source, .period, .amount]
        case .revenue: return [.customer, .source, .period, .revenue, .endDate, .churned]
        case .leads: return [.leadId, .source, .created, .status]
        case .terms: return [.dealId, .changedAt, .closeDate, .value]
        }
    }

    /// Names a column may have to play `role` in a table of kind `table`.
    static func names(for role: ColumnRole, in table: TableRole) -> [String] {
        switch (table, role) {
        case (.deals, .id):
            return [
                "id", "deal_id", "opportunity_id", "opp_id", "opportunity", "dealid", "record_id", "mql_id", "lead_id",
            ]
        case (.deals, .rep):
            return [
                "rep", "owner", "sales_agent", "deal_owner", "owner_name", "opportunity_owner", "sales_rep",
                "salesperson", "account_executive", "ae", "agent", "user", "user_id", "owner_id",
                "assigned_to", "assigned_to_user", "sr_id", "rep_name", "ownerid",
            ]
        case (.deals, .stage), (.history, .stage):
            return [
                "stage", "deal_stage", "stage_name", "pipeline_stage", "opportunity_stage", "sales_stage",
                "new_stage", "to_stage", "dealstage", "stagename",
            ]
        case (.deals, .value):
            return [
                "value", "amount", "deal_value", "close_value", "deal_amount", "opportunity_amount",
                "expected_revenue", "arr", "acv", "tcv", "deal_size", "revenue",
            ]
        case (.deals, .created):
            return [
                "created", "created_date", "create_date", "created_at", "created_on", "creation_date",
                "add_time", "added_at", "open_date", "engage_date", "first_contact_date", "start_date",
                "createddate", "createdate",
            ]
        case (.deals, .closeDate):
            return [
                "close_date", "closed_at", "closed_date", "closed_on", "close_time", "closing_date",
                "expected_close", "expected_close_date", "won_date", "won_time", "close", "closedate",
            ]
        case (.deals, .probability):
            return ["probability", "win_probability", "deal_probability", "prob", "probability_pct"]
        case (.deals, .stageEntered):
            return [
                "stage_entered", "stage_entered_at", "stage_change_time", "stage_changed_at",
                "last_stage_change", "stage_change_date", "stage_date", "laststagechangedate",
                "last_stage_change_date",
            ]
        case (.deals, .status):
            return ["status", "deal_status", "state", "outcome", "won_lost", "opportunity_status"]
        case (.deals, .leadScore):
            return ["lead_score", "score", "lead_rating", "lead_grade"]
        case (.deals, .forecastCategory):
            return [
                "forecast_category", "forecast", "forecast_cat", "forecast_category_name", "forecastcategory",
                "forecastcategoryname",
            ]
        case (.history, .dealId), (.terms, .dealId):
            return ["deal_id", "opportunity_id", "opportunityid", "opp_id", "deal", "dealid", "id"]
        case (.history, .enteredAt):
            return [
                "entered_at", "entered", "entered_on", "changed_at", "change_time", "change_date",
                "changed", "stage_entered", "stage_entered_at", "update_time", "updated_at", "timestamp",
                "date", "time", "createddate", "created_date", "created_at",
            ]
        case (.history, .closeDate), (.terms, .closeDate):
            // The close date a history row recorded (Salesforce OpportunityHistory CLOSEDATE): slippage.
            return ["close_date", "closedate", "expected_close", "expected_close_date", "close_time", "closing_date"]
        case (.history, .value), (.terms, .value):
            // The amount a history row recorded (OpportunityHistory AMOUNT): amount changes in `changes`.
            return ["amount", "value", "deal_value", "opportunity_amount", "deal_amount"]
        case (.terms, .changedAt):
            return [
                "changed_at", "change_time", "change_date", "changed", "entered_at", "timestamp", "date", "time",
                "createddate", "created_date", "created_at",
            ]
        case (.history, .exitedAt):
            return ["exited_at", "exited", "exited_on", "left_at", "ended_at", "stage_exited"]
        case (.reps, .rep), (.quotas, .rep):
            return [
                "rep", "sales_agent", "name", "rep_name", "agent", "owner", "user", "salesperson", "sales_rep",
                "full_name", "employee",
            ]
        case (.reps, .team), (.quotas, .team):
            return ["team", "team_name", "sales_team", "squad", "pod"]
        case (.reps, .manager):
            return ["manager", "manager_name", "team_lead", "supervisor", "reports_to"]
        case (.reps, .region):
            return ["region", "regional_office", "office", "territory", "geo", "area"]
        case (.reps, .quota):
            return ["quota", "annual_quota", "target", "quota_amount"]
        case (.quotas, .quota):
            return ["quota", "quota_amount", "quotaamount", "target", "amount", "quota_value"]
        case (.quotas, .period):
            return [
                "period", "period_start", "quota_period", "quota_start", "period_start_date", "quota_period_start",
                "start_of_period",
            ]
        case (.leads, .leadId):
            return leadIdNames
        case (.leads, .created):
            return names(for: .created, in: .deals)
        case (.leads, .status):
            return ["status", "lead_status", "leadstatus", "state"]
        case (.deals, .source), (.revenue, .source), (.leads, .source):
            return [
                "source", "lead_source", "leadsource", "original_source", "origin", "deal_source", "channel",
                "hs_analytics_source", "source_channel", "acquisition_channel",
            ]
        case (.spend, .source):
            return [
                "source", "channel", "lead_source", "origin", "utm_source", "marketing_channel", "campaign_source",
                "acquisition_channel",
            ]
        case (.spend, .period), (.revenue, .period):
            return [
                "period", "month", "period_start", "month_start", "billing_month", "date", "spend_date",
                "revenue_month", "invoice_month",
            ]
        case (.spend, .amount):
            return ["amount", "spend", "cost", "spend_amount", "marketing_spend", "budget", "cost_amount"]
        case (.revenue, .customer):
            return ["customer", "customer_id", "account", "account_id", "customer_name", "account_name", "client"]
        case (.revenue, .revenue):
            return ["revenue", "mrr", "monthly_revenue", "amount", "revenue_amount", "billed", "price"]
        case (.revenue, .endDate):
            return [
                "end_date", "ended_at", "churn_date", "churned_at", "cancelled_at", "canceled_at", "cancel_date",
                "subscription_end", "ended_on", "ended",
            ]
        case (.revenue, .churned):
            return ["churned", "churn", "is_churned", "cancelled", "canceled", "churn_flag"]
        default:
            return []
        }
    }

    /// The names of a lead's id, in a leads table and in a deals table naming the lead it came from.
    static let leadIdNames = ["lead_id", "mql_id", "leadid", "lead", "converted_lead_id", "convertedleadid"]

    /// Whether a column of `type` can play `role`.
    static func accepts(_ role: ColumnRole, _ type: DataType) -> Bool {
        switch role {
        case .id, .dealId, .rep, .customer, .leadId: return type == .int || type == .string
        case .stage, .status, .forecastCategory, .team, .manager, .region, .source: return type == .string
        case .value, .probability, .leadScore, .quota, .amount, .revenue: return type.isNumeric
        case .created, .closeDate, .stageEntered, .enteredAt, .exitedAt, .changedAt, .period, .endDate:
            return type.isTemporal
        case .churned: return type == .bool || type == .int
        }
    }

    /// What type a role needs, for notes when an override names a column of the wrong type.
    static func requirement(_ role: ColumnRole) -> String {
        switch role {
        case .id, .dealId, .rep, .customer, .leadId: return "an integer or string"
        case .stage, .status, .forecastCategory, .team, .manager, .region, .source: return "a string"
        case .value, .probability, .leadScore, .quota, .amount, .revenue: return "a number"
        case .created, .closeDate, .stageEntered, .enteredAt, .exitedAt, .changedAt, .period, .endDate:
            return "a date or datetime"
        case .churned: return "a yes/no flag"
        }
    }
}

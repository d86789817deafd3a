/// What a table is for in a sales pipeline.
public enum TableRole: String, Sendable, CaseIterable {
    case deals, history, reps
    /// One quota per rep (or team) and period: a rep or team, the period's start date and the quota.
    case quotas
    /// Marketing spend: a period (its start date), a source or channel, and the amount spent.
    case spend
    /// Revenue or subscriptions: a customer, a month, the revenue, and an end date or churn flag when there is one.
    case revenue
    /// Leads: one row per lead, with a lead id, its source (origin) and, when there is one, a status.
    case leads
    /// Each deal's close date and amount over time: one row per change that recorded either (deal id, when,
    /// close date, amount), kept at import from a history or change log whose other rows fold into stays.
    case terms
}

/// The pipeline meaning of a column, exposed under a canonical name whatever the export called it.
public enum ColumnRole: String, Sendable, CaseIterable {
    // deals
    case id, rep, stage, value, created
    case closeDate = "close_date"
    case probability
    case stageEntered = "stage_entered"
    case status
    case forecastCategory = "forecast_category"
    case leadScore = "lead_score"
    // history
    case dealId = "deal_id"
    case enteredAt = "entered_at"
    case exitedAt = "exited_at"
    // terms
    /// When a terms row's close date or amount was recorded.
    case changedAt = "changed_at"
    // reps
    case team, manager, region, quota
    // quotas
    /// The first day of the period a quota is for.
    case period
    // spend, revenue (source on deals too)
    /// Where a deal or a lead came from, or what marketing money went to: Salesforce's LeadSource, HubSpot's
    /// Original Source, Pipedrive's origin, a spend table's channel.
    case source
    /// Money spent in one period on one source.
    case amount
    case customer, revenue
    /// When a customer's subscription ended.
    case endDate = "end_date"
    /// Whether a customer churned (a yes/no flag).
    case churned
    // leads
    /// A lead's id (Olist's mql_id), also what a deals table names its lead by.
    case leadId = "lead_id"

    /// The name queries use for the column.
    public var canonicalName: String { rawValue }
}

/// A column computed from others and the as-of date; bound by the engine as an expression.
public enum DerivedColumn: String, Sendable, CaseIterable {
    /// as_of − created
    case age
    /// as_of − stage_entered
    case stageAge = "stage_age"
    /// close_date − created, for won or lost deals (null while open)
    case cycle

    public var name: String { rawValue }

    public var explanation: String {
        switch self {
        case .age: return "as-of date − created"
        case .stageAge: return "as-of date − stage_entered"
        case .cycle: return "close_date − created, for closed deals"
        }
    }
}

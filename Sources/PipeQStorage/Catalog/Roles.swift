/// What a table is for in a sales pipeline.
public enum TableRole: String, Sendable, CaseIterable {
    case deals, history, reps
    /// One quota per rep (or team) and period: a rep or team, the period's start date and the quota.
    case quotas
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
    // reps
    case team, manager, region, quota
    // quotas
    /// The first day of the period a quota is for.
    case period

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

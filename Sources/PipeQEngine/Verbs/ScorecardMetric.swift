/// One line of a rep's scorecard: what it measures, its label, and which way is better. The list of a pipeline's
/// metrics (`all`) is the one both backends show, in this order.
public enum ScorecardMetric: Sendable, Equatable {
    case deals
    case winRate
    case avgDealSize
    case avgCycleDays
    case velocity
    case attainment
    case coverage
    /// The share of the deals reaching funnel step `step` − 1 that reach step `step` (`to` is its name).
    case conversion(step: Int, to: String)
    /// The mean stay in an open stage, in days.
    case daysIn(String)

    /// The flag of the metric furthest below the team.
    public static let weakest = "← weakest"

    public var name: String {
        switch self {
        case .deals: return "deals"
        case .winRate: return "win rate"
        case .avgDealSize: return "avg deal size"
        case .avgCycleDays: return "avg cycle days"
        case .velocity: return "velocity per month"
        case .attainment: return "attainment"
        case .coverage: return "coverage"
        case .conversion(_, let to): return "conversion to \(to)"
        case .daysIn(let stage): return "days in \(stage)"
        }
    }

    /// True when a higher value is better (win rate); false when lower is (cycle days, days in a stage).
    public var higherIsBetter: Bool {
        switch self {
        case .avgCycleDays, .daysIn: return false
        default: return true
        }
    }

    /// The metrics a scorecard shows: deals and win rate always; deal size with a value column; cycle with created
    /// and close dates (velocity with both); attainment and coverage with quotas; a conversion per funnel step
    /// after the first; days in each open stage of the history.
    public static func all(value: Bool, dates: Bool, quotas: Bool, steps: [String], stages: [String])
        -> [ScorecardMetric]
    {
        var list: [ScorecardMetric] = [.deals, .winRate]
        if value { list.append(.avgDealSize) }
        if dates {
            list.append(.avgCycleDays)
            if value { list.append(.velocity) }
        }
        if quotas { list += [.attainment, .coverage] }
        for k in 1..<max(steps.count, 1) { list.append(.conversion(step: k, to: steps[k])) }
        list += stages.map { .daysIn($0) }
        return list
    }
}

/// How long one quota lasts: pipeline.toml's `[quota] period`, or what the start dates of a quotas table are
/// spaced by.
public enum QuotaPeriodLength: String, Sendable, CaseIterable {
    case month, quarter, year

    /// Calendar months in one period.
    public var months: Int {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        }
    }
}

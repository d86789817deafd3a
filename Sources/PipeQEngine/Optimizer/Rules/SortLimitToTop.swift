/// `sort … | limit N` becomes `top N by …`: a bounded selection of N rows instead of sorting everything. Both
/// order ties by input position, so the rows are the same.
struct SortLimitToTop: OptimizerRule {
    var name: String { "sort and limit to top" }

    func rewrite(_ plan: LogicalPlan) -> LogicalPlan? {
        guard case .limit(let input, let n) = plan else { return nil }
        switch input {
        case .sort(let below, let keys): return .top(below, n, keys)
        case .top(let below, let m, let keys): return .top(below, min(m, n), keys)
        default: return nil
        }
    }
}

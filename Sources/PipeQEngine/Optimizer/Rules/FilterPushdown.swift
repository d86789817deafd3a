/// Filters move towards the scans, so later operators see fewer rows and a scan can narrow its table as it
/// reads: two filters become one; a filter goes below a sort (sorting fewer rows; ties keep their order, so
/// the answer is the same), below an extend or project whose new columns it does not read, and into the scan.
/// Never below an aggregate, top, limit or verb, which would change what they see.
struct FilterPushdown: OptimizerRule {
    var name: String { "filter push-down" }

    func rewrite(_ plan: LogicalPlan) -> LogicalPlan? {
        guard case .filter(let input, let predicate) = plan else { return nil }
        switch input {
        case .filter(let below, let first):
            return .filter(below, .and(first, predicate))
        case .scan(var scan):
            scan.filter = scan.filter.map { .and($0, predicate) } ?? predicate
            return .scan(scan)
        case .sort(let below, let keys):
            return .sort(.filter(below, predicate), keys)
        case .extend(let below, let items):
            // Extend keeps its input's fields at their places, replacing those it redefines. Its expressions are
            // row by row, so computing them on fewer rows changes no value (a window function must stop this).
            let inputNames = below.schema.fields.map(\.name)
            let redefined = Set(items.compactMap { inputNames.firstIndex(of: $0.name) })
            return split(predicate, over: input) { part in
                part.columnsRead.allSatisfy { $0 < inputNames.count && !redefined.contains($0) } ? part : nil
            } below: {
                .extend(.filter(below, $0), items)
            }
        case .project(let below, let items):
            // Only through plain columns: a computed column would be computed twice.
            return split(predicate, over: input) { part in
                var columns: [Int: BoundExpr] = [:]
                for i in part.columnsRead {
                    guard i < items.count, case .column = items[i].expr else { return nil }
                    columns[i] = items[i].expr
                }
                return part.substitutingColumns(columns)
            } below: {
                .project(.filter(below, $0), items)
            }
        default:
            return nil
        }
    }

    /// The conjuncts of `predicate` that `pushed` can restate below `node` go down (through `below`); the others
    /// stay above. Nil when none can go.
    private func split(
        _ predicate: BoundExpr, over node: LogicalPlan, _ pushed: (BoundExpr) -> BoundExpr?,
        below: (BoundExpr) -> LogicalPlan
    ) -> LogicalPlan? {
        var down: [BoundExpr] = []
        var stay: [BoundExpr] = []
        for part in predicate.conjuncts {
            if let restated = pushed(part) { down.append(restated) } else { stay.append(part) }
        }
        guard !down.isEmpty else { return nil }
        let moved = below(.and(down))
        return stay.isEmpty ? moved : .filter(moved, .and(stay))
    }
}

import PipeQCore
import PipeQStorage

extension Executor {
    /// The node with each `let` name used as a value replaced by that value: the let's plan optimized and run
    /// now, its first row's value (null for no rows; more than one row is an error pointing at the use).
    func resolvingScalars(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let queries = plan.scalarQueries
        guard !queries.isEmpty else { return plan }
        var values: [Int: Scalar] = [:]
        for query in queries where values[query.span.start] == nil {
            let optimized = Optimizer(asOfDay: context.asOfDay).optimize(query.plan).plan
            let relation = try run(optimized)
            guard relation.count <= 1 else {
                throw Diagnostic(
                    .execute, "\(query.name) gives \(relation.count) rows; used as a value, a let needs one",
                    span: query.span,
                    hint: "end its query in an aggregate without \"by\", e.g. \"sum value\"")
            }
            values[query.span.start] = relation.count == 0 ? .null : relation.fields[0].value(at: 0)
        }
        return plan.mappingExpressions { e in
            e.transformedUp { node in
                guard case .scalarQuery(let q) = node else { return nil }
                return .constant(values[q.span.start] ?? .null, q.type)
            }
        } ?? plan
    }
}

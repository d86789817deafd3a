import PipeQCore
import PipeQStorage

/// Runs a plan: the source table's rows through each step, whole columns at a time.
public struct Executor {
    public let context: ExecutionContext

    public init(context: ExecutionContext) {
        self.context = context
    }

    public func run(_ plan: QueryPlan) throws(Diagnostic) -> Relation {
        var relation = Relation(table: plan.source)
        for step in plan.steps {
            try context.checkCancelled()
            relation = try run(step, on: relation)
        }
        // Long loops inside a step stop early on Ctrl-C, leaving a partial result: never return it.
        try context.checkCancelled()
        return relation
    }

    func run(_ step: PlanNode, on input: Relation) throws(Diagnostic) -> Relation {
        let evaluator = Evaluator(relation: input, context: context)
        switch step {
        case .filter(let predicate):
            return input.reindexed(Predicate(evaluator: evaluator).select(predicate, .all(input.count), want: true))
        case .extend(let items):
            var out = input
            for item in items {
                let column = evaluator.vector(item.expr, .all(input.count)).materialized(count: input.count)
                let field = RelationField(name: item.name, info: item.info, column: column)
                if let i = out.fields.firstIndex(where: { $0.name == item.name }) { out.fields[i] = field } else { out.fields.append(field) }
            }
            return out
        case .project(let items):
            let fields = items.map { item -> RelationField in
                if let i = item.expr.columnIndex {
                    var field = input.fields[i]
                    field.name = item.name
                    field.info = item.info
                    return field
                }
                let column = evaluator.vector(item.expr, .all(input.count)).materialized(count: input.count)
                return RelationField(name: item.name, info: item.info, column: column)
            }
            return Relation(fields: fields, count: input.count)
        case .aggregate(let keys, let aggregates):
            return try aggregate(input, evaluator, keys, aggregates)
        case .sort(let keys):
            let sorter = Sorter(columns: keys.map { (evaluator.vector($0.expr, .all(input.count)).materialized(count: input.count), $0.descending) })
            return input.reindexed(try sorter.sortedPositions(count: input.count, cancellation: context.cancellation))
        case .top(let n, let keys):
            let sorter = Sorter(columns: keys.map { (evaluator.vector($0.expr, .all(input.count)).materialized(count: input.count), $0.descending) })
            return input.reindexed(try sorter.topPositions(count: input.count, limit: n, cancellation: context.cancellation))
        case .limit(let n):
            return input.reindexed((0..<Int32(min(n, input.count))).map { $0 })
        case .verb(let verb):
            return try verb.execute(input, context: context)
        }
    }

    private func aggregate(_ input: Relation, _ evaluator: Evaluator, _ keys: [NamedBoundExpr], _ aggregates: [BoundAggregate]) throws(Diagnostic) -> Relation {
        // Distinct dictionaries: the groups' key column then carries one (a sort or a second grouping on it
        // does not deduplicate again).
        let keyColumns = keys.map { evaluator.vector($0.expr, .all(input.count)).materialized(count: input.count).withDistinctStrings }
        let groups = keys.isEmpty ? Groups.single(rowCount: input.count)
            : try Groups.build(keys: keyColumns, rowCount: input.count, cancellation: context.cancellation)
        try context.checkCancelled()
        var fields: [RelationField] = []
        for (key, column) in zip(keys, keyColumns) {
            fields.append(RelationField(name: key.name, info: key.info, column: column.gathered(groups.representatives)))
        }
        let aggregator = Aggregator(groups: groups, evaluator: evaluator, rowCount: input.count)
        for aggregate in aggregates {
            try context.checkCancelled()
            fields.append(RelationField(name: aggregate.name, info: ColumnInfo(name: aggregate.name), column: aggregator.compute(aggregate)))
        }
        return Relation(fields: fields, count: groups.count)
    }
}

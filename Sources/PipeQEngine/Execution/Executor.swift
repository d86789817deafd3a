import PipeQCore
import PipeQStorage

/// Runs a logical plan over whole columns: scans, then each operator over its input's relation.
public struct Executor {
    public let context: ExecutionContext

    public init(context: ExecutionContext) {
        self.context = context
    }

    public func run(_ plan: QueryPlan) throws(Diagnostic) -> Relation {
        let relation = try run(plan.root)
        // Long loops inside an operator stop early on Ctrl-C, leaving a partial result: never return it.
        try context.checkCancelled()
        return relation
    }

    /// Runs a plan bottom-up: a node's inputs first, then the node over their relations.
    func run(_ plan: LogicalPlan) throws(Diagnostic) -> Relation {
        try context.checkCancelled()
        let plan = try resolvingScalars(plan)
        if case .scan(let scan) = plan { return try self.scan(scan) }
        let input = try run(plan.input!)
        try context.checkCancelled()
        let evaluator = Evaluator(relation: input, context: context)
        switch plan {
        case .scan:
            preconditionFailure("handled above")
        case .filter(_, let predicate):
            UnknownValueNotes.check(predicate, over: input, context: context)
            return input.reindexed(Predicate(evaluator: evaluator).select(predicate, .all(input.count), want: true))
        case .extend(_, let items):
            var out = input
            for item in items {
                let column = evaluator.vector(item.expr, .all(input.count)).materialized(count: input.count)
                let field = RelationField(name: item.name, info: item.info, column: column)
                out.put(field)
            }
            return out
        case .project(_, let items):
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
        case .aggregate(_, let keys, let aggregates):
            return try aggregate(input, evaluator, keys, aggregates)
        case .sort(_, let keys):
            let sorter = Sorter(
                columns: keys.map {
                    (evaluator.vector($0.expr, .all(input.count)).materialized(count: input.count), $0.descending)
                })
            return input.reindexed(try sorter.sortedPositions(count: input.count, cancellation: context.cancellation))
        case .top(_, let n, let keys):
            let sorter = Sorter(
                columns: keys.map {
                    (evaluator.vector($0.expr, .all(input.count)).materialized(count: input.count), $0.descending)
                })
            return input.reindexed(
                try sorter.topPositions(count: input.count, limit: n, cancellation: context.cancellation))
        case .limit(_, let n):
            return input.reindexed((0..<Int32(min(n, input.count))).map { $0 })
        case .window(_, let items, let partition):
            return try WindowOperator(evaluator: evaluator, context: context).run(input, items, partition: partition)
        case .verb(_, let verb):
            var side: [Relation] = []
            for plan in verb.sideInputs { side.append(try run(plan)) }
            return try verb.execute(input, sideInputs: side, context: context)
        case .join(_, let node):
            return try HashJoin(node: node, context: context).run(input, try run(node.right))
        case .append(_, let node):
            return try node.run(input, try run(node.other), context: context)
        case .pivot(_, let node):
            return try node.run(input, context: context)
        case .fill(_, let node):
            return try FillOperator(node: node, context: context).run(input)
        }
    }

    /// A table's rows (as of the scan's day when it has one), narrowed by the scan's pushed-down filter.
    private func scan(_ scan: TableScan) throws(Diagnostic) -> Relation {
        let table =
            try scan.asOf.map { (read: AsOfRead) throws(Diagnostic) -> Table in
                try context.asOfCatalogs.table(scan.table, asOf: read, cancellation: context.cancellation)
            } ?? scan.table
        let relation = Relation(table: table)
        guard let filter = scan.filter else { return relation }
        UnknownValueNotes.check(filter, over: relation, context: context)
        let evaluator = Evaluator(relation: relation, context: context)
        return relation.reindexed(Predicate(evaluator: evaluator).select(filter, .all(relation.count), want: true))
    }

    private func aggregate(
        _ input: Relation, _ evaluator: Evaluator, _ keys: [NamedBoundExpr], _ aggregates: [BoundAggregate]
    ) throws(Diagnostic) -> Relation {
        let (groups, keyColumns) = try Groups.build(
            keys: keys, over: evaluator, rowCount: input.count, cancellation: context.cancellation)
        try context.checkCancelled()
        var fields: [RelationField] = []
        for (key, column) in zip(keys, keyColumns) {
            fields.append(
                RelationField(name: key.name, info: key.info, column: column.gathered(groups.representatives)))
        }
        let aggregator = Aggregator(groups: groups, evaluator: evaluator, rowCount: input.count)
        for aggregate in aggregates {
            try context.checkCancelled()
            fields.append(
                RelationField(name: aggregate.name, info: aggregate.info, column: aggregator.compute(aggregate)))
        }
        return Relation(fields: fields, count: groups.count)
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Runs a `window` node: partitions the rows once, then computes each window function in one pass over each
/// partition's rows, over whole typed columns. Rows keep their order; new columns are added (or replace the
/// column of the same name in place), as `extend` does.
struct WindowOperator {
    let evaluator: Evaluator
    let context: ExecutionContext

    func run(_ input: Relation, _ items: [WindowItem], partition: [BoundExpr]) throws(Diagnostic) -> Relation {
        let n = input.count
        let keys = partition.map { evaluator.vector($0, .all(n)).materialized(count: n) }
        let partitions = try WindowPartitions.build(keys: keys, rowCount: n, cancellation: context.cancellation)
        var out = input
        for item in items {
            try context.checkCancelled()
            let column = try compute(item, partitions, rowCount: n)
            let field = RelationField(name: item.name, info: item.info, column: column)
            out.put(field)
        }
        return out
    }

    private func compute(_ item: WindowItem, _ partitions: WindowPartitions, rowCount n: Int) throws(Diagnostic)
        -> Column
    {
        let argument = item.argument.map { evaluator.vector($0, .all(n)).materialized(count: n) }
        let kernels = WindowKernels(partitions: partitions, rowCount: n)
        switch item.function {
        case .rowNumber: return kernels.rowNumbers()
        case .cumcount: return kernels.runningCount(argument)
        case .cumsum: return kernels.sums(argument!, running: true)
        case .total: return kernels.sums(argument!, running: false)
        case .lag:
            if let period = item.period {
                let key = evaluator.vector(period.key, .all(n)).materialized(count: n)
                return kernels.periodsBack(argument!, key: key, unit: period.unit, steps: item.count)
            }
            return kernels.shifted(argument!, by: -item.count)
        case .lead: return kernels.shifted(argument!, by: item.count)
        case .movingAvg: return kernels.movingAverage(argument!, width: item.count)
        case .pctChange: return kernels.percentChange(argument!)
        case .rank, .denseRank:
            let order = item.order.map { (evaluator.vector($0.expr, .all(n)).materialized(count: n), $0.descending) }
            return try kernels.ranks(order, dense: item.function == .denseRank, cancellation: context.cancellation)
        }
    }
}

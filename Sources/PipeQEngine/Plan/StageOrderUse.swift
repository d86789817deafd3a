import PipeQStorage

/// Whether a plan's answer depends on the order of the pipeline's stages: a stage-ordered verb (funnel,
/// stagetime, compare, metrics, changes), a grouping by the stage column (rows come out in stage order),
/// or an ordering comparison with a stage name (`stage >= "Proposal"`). When that order was guessed,
/// the result carries `StageDefinitions.guessNote`.
enum StageOrderUse {
    static func dependsOnStageOrder(_ plan: QueryPlan, stages: StageDefinitions) -> Bool {
        let names = Set(stages.order)
        return plan.root.nodes.contains { node in
            switch node {
            case .verb(_, let verb): return verb.usesStageOrder
            case .aggregate(_, let keys, _): return keys.contains { $0.info.role == .stage }
            // columns in stage order
            case .pivot(_, let node): return node.inputFields[node.column].info.role == .stage
            case .filter(_, let predicate): return comparesWithStage(predicate, names)
            case .scan(let scan): return scan.filter.map { comparesWithStage($0, names) } ?? false
            default: return false
            }
        }
    }

    private static func comparesWithStage(_ e: BoundExpr, _ names: Set<String>) -> Bool {
        switch e {
        case .compare(let op, let a, let b):
            guard op != .equal && op != .notEqual else { return false }
            for case .constant(.string(let s), _) in [a, b] where names.contains(s) { return true }
            return false
        case .and(let a, let b), .or(let a, let b): return comparesWithStage(a, names) || comparesWithStage(b, names)
        case .not(let a): return comparesWithStage(a, names)
        default: return false
        }
    }
}

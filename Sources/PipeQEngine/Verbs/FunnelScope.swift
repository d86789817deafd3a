import PipeQStorage

/// A funnel over several pipelines: the stage definitions name each stage's pipeline (a HubSpot export with a
/// Sales Pipeline and a Renewals pipeline). Each pipeline's steps are its own open stages then its won stages,
/// so two pipelines' "Closed Won" are two steps, and a deal reaches steps of its own pipeline only.
///
/// Grouped `by pipeline`, each group shows its pipeline's steps in its pipeline's order. Otherwise the counts
/// are summed by stage name into the funnel's merged steps (every pipeline's open stages, then the won stages).
struct FunnelScope: @unchecked Sendable {
    let pipelines: [String]
    /// The scoped steps, pipeline by pipeline: each one's pipeline (index into `pipelines`) and stage name.
    let stepPipeline: [Int]
    let stepName: [String]
    /// The index of each step's pipeline's first step (where a deal of that pipeline starts).
    let firstStep: [Int]
    /// Each step's index among the merged steps.
    let merged: [Int]
    /// The input field holding each row's pipeline, when there is one.
    let inputPipeline: Int?
    /// True when a `by` key is the input's pipeline field.
    let byPipeline: Bool

    var count: Int { stepName.count }

    /// The scope for `stages` when they name two or more pipelines; nil otherwise. `mergedSteps` are the funnel's
    /// steps by name; the input's pipeline field is the string field named "pipeline".
    init?(stages: StageDefinitions, mergedSteps: [String], schema: RelationSchema, keys: [NamedBoundExpr]) {
        var pipelines: [String] = []
        for s in stages.stages { if let p = s.pipeline, !pipelines.contains(p) { pipelines.append(p) } }
        guard pipelines.count > 1 else { return nil }
        var stepPipeline: [Int] = []
        var stepName: [String] = []
        var firstStep: [Int] = []
        for (p, pipeline) in pipelines.enumerated() {
            let own = stages.stages.filter { $0.pipeline == pipeline }
            let first = stepName.count
            for s in own.filter({ $0.outcome == .open }) + own.filter({ $0.outcome == .won })
            where !stepName[first...].contains(s.name) {
                stepPipeline.append(p)
                stepName.append(s.name)
                firstStep.append(first)
            }
        }
        self.pipelines = pipelines
        self.stepPipeline = stepPipeline
        self.stepName = stepName
        self.firstStep = firstStep
        merged = stepName.map { mergedSteps.firstIndex(of: $0) ?? 0 }
        let field = schema.fields.firstIndex { $0.name == "pipeline" && $0.type == .string }
        inputPipeline = field
        byPipeline =
            field != nil
            && keys.contains { if case .column(let i, _) = $0.expr { return i == field } else { return false } }
    }

    /// The steps of pipeline `p`, in order.
    func steps(of p: Int) -> [Int] { stepPipeline.indices.filter { stepPipeline[$0] == p } }

    /// Each row's pipeline (index into `pipelines`; -1 when null or not one of them).
    func pipelineOfRows(_ column: Column) -> [Int32] {
        guard let (codes, dictionary) = column.values.distinctStrings else {
            return [Int32](repeating: -1, count: column.count)
        }
        var out = codes.lookup(dictionary.values.map { Int32(pipelines.firstIndex(of: $0) ?? -1) })
        if let nulls = column.nulls { for i in 0..<out.count where nulls.isNull(i) { out[i] = -1 } }
        return out
    }

    /// Each row's step (-1: none): the step of its stage in its pipeline.
    func stepOfRows(stage: Column, pipeline: [Int32]) -> [Int8] {
        guard let (codes, dictionary) = stage.values.distinctStrings else {
            return [Int8](repeating: -1, count: stage.count)
        }
        let p = pipelines.count
        var table = [Int8](repeating: -1, count: dictionary.count * p)
        for (code, name) in dictionary.values.enumerated() {
            for k in stepName.indices where stepName[k] == name { table[code * p + stepPipeline[k]] = Int8(k) }
        }
        let stageNulls = stage.nulls
        return (0..<codes.count).map { row in
            let q = Int(pipeline[row])
            return q < 0 || (stageNulls?.isNull(row) ?? false) ? -1 : table[Int(codes[row]) * p + q]
        }
    }

    /// Scoped counts (group-major over `count` steps) summed by name into `mergedCount` merged steps.
    func fold(_ reached: [Int64], groups: Int, mergedCount: Int) -> [Int64] {
        var out = [Int64](repeating: 0, count: groups * mergedCount)
        for g in 0..<groups { for k in 0..<count { out[g * mergedCount + merged[k]] += reached[g * count + k] } }
        return out
    }
}

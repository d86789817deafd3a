import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Building blocks of the verbs defined as core plan nodes (winrate, cycle, dealsize, velocity, aging, forecast,
/// balance): the deal columns they read, each required with the diagnostic naming what is missing (the verbs ask in
/// the order outcome, value, created, close_date, so the first one missing is the one named), the outcome tests,
/// and the aggregate node named as the verbs' results always were.
enum VerbLowering {
    /// A deal's value as a number (an integer column cast), or the diagnostic naming what is missing.
    static func value(_ input: VerbBindingInput) throws(Diagnostic) -> BoundExpr {
        let i = try VerbSupport.require(.value, input, for: "each deal's value", types: [.int, .double])
        let column = BoundExpr.column(i, input.schema.fields[i].type)
        return column.type == .int ? .cast(column, .double) : column
    }

    /// close_date − created, a duration (null when either is), or the diagnostic naming the first one missing.
    static func cycle(_ input: VerbBindingInput) throws(Diagnostic) -> BoundExpr {
        let created = try VerbSupport.require(
            .created, input, for: "when each deal was created", types: [.date, .timestamp])
        let closed = try VerbSupport.require(
            .closeDate, input, for: "each deal's close date", types: [.date, .timestamp])
        return try ExpressionBinder(schema: input.schema, context: input.context)
            .difference(
                .column(closed, input.schema.fields[closed].type), .column(created, input.schema.fields[created].type),
                span: input.keywordSpan)
    }

    /// `outcome(status) = "won"` (or "lost", "open").
    static func outcome(_ outcome: BoundExpr, is label: String) -> BoundExpr {
        .compare(.equal, outcome, .constant(.string(label), .string))
    }

    /// The first `count` columns of a plan's output as they are (the keys after an aggregate), for a projection.
    static func keyColumns(_ plan: LogicalPlan, _ count: Int) -> [NamedBoundExpr] {
        plan.schema.fields.prefix(count).enumerated().map {
            NamedBoundExpr(name: $1.name, expr: .column($0, $1.type), info: $1.info)
        }
    }

    /// The output names: the keys', then each column's, made unique against those before it as every verb's are
    /// (`won` beside a key named won is `won_2`).
    static func names(keys: [NamedBoundExpr], _ columns: [(String, DataType)]) -> [String] {
        VerbSupport.schema(keys: keys, columns).fields.dropFirst(keys.count).map(\.name)
    }

    /// One aggregate: `function argument where filter`, of the given result type.
    static func aggregate(
        _ function: AggregateFunction, _ argument: BoundExpr?, where filter: BoundExpr?, _ name: String,
        _ type: DataType
    ) -> BoundAggregate {
        BoundAggregate(
            name: name, function: function, distinct: false, argument: argument, filter: filter, resultType: type)
    }

    /// The aggregate node over the verb's input: one row per group of the keys, in key order (one row when there are
    /// none), the keys then the aggregates, renamed to be unique after the keys.
    static func aggregate(_ plan: LogicalPlan, keys: [NamedBoundExpr], _ aggregates: [BoundAggregate]) -> LogicalPlan {
        let unique = names(keys: keys, aggregates.map { ($0.name, $0.resultType) })
        var named = aggregates
        for i in named.indices { named[i].name = unique[i] }
        return .aggregate(plan, keys: keys, aggregates: named)
    }

    /// Each deal's win probability (0…1) over `plan`, which gains the window it reads: the deal's probability column
    /// when set (read as a percentage when any deal's is over 1 — a window total over every deal), else its stage's
    /// probability from pipeline.toml; the diagnostic when there is neither.
    static func probability(_ input: VerbBindingInput, _ plan: inout LogicalPlan) throws(Diagnostic) -> BoundExpr {
        if let p = probabilityIfKnown(input, &plan) { return p }
        throw Diagnostic(
            .bind,
            "\(input.name) needs win probabilities: the input has no probability column and the stages have none",
            span: input.keywordSpan,
            hint:
                "add a probability column (0–1) to the deals, or probability = 0.4 under each [[stage]] in pipeline.toml"
        )
    }

    /// `probability`, nil when the input has no probability column and the stages have none.
    ///
    /// `[Window over_1 = total(if(probability > 1, 1, 0))]`, then
    /// `coalesce(if(over_1 > 0, probability / 100, probability), case when stage = "…" then … end)`.
    static func probabilityIfKnown(_ input: VerbBindingInput, _ plan: inout LogicalPlan) -> BoundExpr? {
        let fields = input.schema.fields
        let probabilityIndex = input.schema.index(role: .probability, types: [.int, .double])
        let stages = input.catalog.stages
        let stageIndex = input.schema.index(role: .stage, types: [.string])
        let staged = stages.stages.contains { $0.probability != nil } ? stageIndex : nil
        if probabilityIndex == nil && staged == nil { return nil }
        func int(_ v: Int64) -> BoundExpr { .constant(.int(v), .int) }
        var parts: [BoundExpr] = []
        if let probabilityIndex {
            let column = BoundExpr.column(probabilityIndex, fields[probabilityIndex].type)
            let own = column.type == .int ? BoundExpr.cast(column, .double) : column
            let hidden = UniqueName.make("over_1", taken: fields.map(\.name))
            let overOne = BoundExpr.caseWhen(
                [BoundWhen(condition: .compare(.greater, own, .constant(.double(1), .double)), value: int(1))],
                otherwise: int(0))
            plan = .window(
                plan, [WindowItem(name: hidden, function: .total, argument: overOne, type: .int)], partition: [])
            let percent = BoundExpr.compare(.greater, .column(fields.count, .int), int(0))
            let scaled = BoundExpr.arithmetic(.divide, own, .constant(.double(100), .double), result: .double)
            parts.append(.caseWhen([BoundWhen(condition: percent, value: scaled)], otherwise: own))
        }
        if let staged {
            let stage = BoundExpr.column(staged, .string)
            let whens = stages.stages.compactMap { s -> BoundWhen? in
                s.probability.map {
                    BoundWhen(
                        condition: .compare(.equal, stage, .constant(.string(s.name), .string)),
                        value: .constant(.double($0), .double))
                }
            }
            parts.append(.caseWhen(whens, otherwise: .constant(.null, .double)))
        }
        return parts.count == 1 ? parts[0] : .call(.coalesce, parts, .double)
    }

    /// A column of the same text on every row, for a projection.
    static func text(_ name: String, _ value: String) -> NamedBoundExpr {
        NamedBoundExpr(name: name, expr: .constant(.string(value), .string), info: ColumnInfo(name: name))
    }

    /// A named column, shown as a percentage when `rate`, else as its expression decides (`quarter(…)` reads
    /// 2026-Q1).
    static func named(_ name: String, _ expr: BoundExpr, rate: Bool = false) -> NamedBoundExpr {
        var info = ColumnInfo(name: name)
        info.encoding = rate ? .rate : DisplayEncoding.of(expr)
        return NamedBoundExpr(name: name, expr: expr, info: info)
    }
}

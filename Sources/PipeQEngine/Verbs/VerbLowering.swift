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
}

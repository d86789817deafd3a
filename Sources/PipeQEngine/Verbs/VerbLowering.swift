import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Building blocks of the verbs defined as core plan nodes (winrate, cycle, dealsize, velocity): the deal
/// columns they read, each required with the diagnostic naming what is missing, the outcome tests, and the
/// aggregate node named as the verbs' results always were.
enum VerbLowering {
    /// The deal columns of the won-deal measures, required in this order (so the first one missing is the one
    /// named): the outcome, then the value, then created and close_date.
    struct DealColumns {
        /// `outcome(status)`: "open", "won" or "lost".
        var outcome: BoundExpr
        /// The value as a number (an integer column cast).
        var value: BoundExpr
        /// close_date − created, a duration (null when either is).
        var cycle: BoundExpr

        init(_ input: VerbBindingInput, value needsValue: Bool, cycle needsCycle: Bool) throws(Diagnostic) {
            outcome = try VerbSupport.outcome(input)
            value = .constant(.null, .double)
            cycle = .constant(.null, .duration)
            if needsValue {
                let i = try VerbSupport.require(.value, input, for: "each deal's value", types: [.int, .double])
                let column = BoundExpr.column(i, input.schema.fields[i].type)
                value = column.type == .int ? .cast(column, .double) : column
            }
            if needsCycle {
                let created = try VerbSupport.require(.created, input, for: "when each deal was created", types: [.date, .timestamp])
                let closed = try VerbSupport.require(.closeDate, input, for: "each deal's close date", types: [.date, .timestamp])
                cycle = try ExpressionBinder(schema: input.schema, context: input.context)
                    .difference(.column(closed, input.schema.fields[closed].type), .column(created, input.schema.fields[created].type),
                                span: input.keywordSpan)
            }
        }

        /// `outcome = "won"` (or "lost", "open").
        func outcomeIs(_ label: String) -> BoundExpr {
            .compare(.equal, outcome, .constant(.string(label), .string))
        }
    }

    /// The output names: the keys', then each column's, made unique against those before it as every verb's are
    /// (`won` beside a key named won is `won_2`).
    static func names(keys: [NamedBoundExpr], _ columns: [(String, DataType)]) -> [String] {
        VerbSupport.schema(keys: keys, columns).fields.dropFirst(keys.count).map(\.name)
    }

    /// One aggregate: `function argument where filter`, of the given result type.
    static func aggregate(_ function: AggregateFunction, _ argument: BoundExpr?, where filter: BoundExpr?, _ name: String,
                          _ type: DataType) -> BoundAggregate {
        BoundAggregate(name: name, function: function, distinct: false, argument: argument, filter: filter, resultType: type)
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

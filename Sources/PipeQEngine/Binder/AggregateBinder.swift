import PipeQCore
import PipeQLanguage
import PipeQStorage

extension QueryBinder {
    /// Binds one aggregate call and decides its result type:
    /// count → integer; sum keeps integer/number/duration; avg, median, pN, stddev give a number (a duration for durations);
    /// min/max keep the argument's type.
    func bindAggregate(_ call: AggregateCall, _ binder: ExpressionBinder, context: BindContext) throws(Diagnostic)
        -> BoundAggregate
    {
        if call.function == .winrate { return try bindWinRate(call, binder) }
        let argument = try call.argument.map { (e: Expr) throws(Diagnostic) -> BoundExpr in try binder.bind(e) }
        let filter = try call.filter.map { (e: Expr) throws(Diagnostic) -> BoundExpr in
            try binder.bindCondition(e, role: "where")
        }
        var name = call.outputName ?? call.function.name
        if call.outputName == nil {
            if call.distinct { name += "_distinct" }
            if let arg = call.argument {
                if case .column(let column) = arg.kind {
                    name += "_" + column.lowercased()
                } else {
                    name += "_" + context.derivedName(of: arg.span)
                }
            }
        }
        let type = argument?.type
        func refuse(_ what: String) -> Diagnostic {
            Diagnostic(
                .bind, "cannot \(what) \(type?.withArticle ?? "a value") column",
                span: call.argument?.span ?? call.span,
                hint: binder.textReasonHint(argument) ?? (type == .string ? "count it, or count distinct it" : nil))
        }
        let result: DataType
        if call.distinct || call.function == .count {
            if call.distinct, call.function != .count {
                throw Diagnostic(.bind, "only count takes \"distinct\"", span: call.span)
            }
            result = .int
        } else {
            guard let type else { throw Diagnostic(.bind, "\(call.function.name) needs a column", span: call.span) }
            switch call.function {
            case .sum:
                guard type.isNumeric || type == .duration else { throw refuse("sum") }
                result = type
            case .avg, .median, .percentile, .stddev:
                guard type.isNumeric || type == .duration else {
                    throw refuse(call.function == .avg ? "average" : "take the \(call.function.name) of")
                }
                result = type == .duration ? .duration : .double
            case .min, .max:
                guard type != .bool else { throw refuse("take the \(call.function.name) of") }
                result = type
            case .sparkline:
                guard type.isTemporal else {
                    throw Diagnostic(
                        .bind, "sparkline counts rows per month of a date, but this is \(type.withArticle)",
                        span: call.argument?.span ?? call.span, hint: "e.g. \"sparkline created by rep\"")
                }
                result = .string
            case .count:
                result = .int
            case .winrate:
                result = .double
            }
        }
        return BoundAggregate(
            name: name, function: call.function, distinct: call.distinct, argument: argument, filter: filter,
            resultType: result)
    }

    /// `winrate`: its argument is the deals' outcome, `outcome(status)` (or of the stage column), as the verbs read it.
    private func bindWinRate(_ call: AggregateCall, _ binder: ExpressionBinder) throws(Diagnostic) -> BoundAggregate {
        let filter = try call.filter.map { (e: Expr) throws(Diagnostic) -> BoundExpr in
            try binder.bindCondition(e, role: "where")
        }
        guard let outcome = OutcomeRule.classifier(in: binder.schema, stages: catalog.stages) else {
            throw Diagnostic(
                .bind,
                "winrate needs each deal's outcome (open, won or lost), but the input has no status or stage column",
                span: call.span,
                hint:
                    "keep the status or stage column before it, or map one in pipeline.toml: [roles] \"deals.status\" = \"COLUMN\""
            )
        }
        return BoundAggregate(
            name: call.outputName ?? "winrate", function: .winrate, distinct: false,
            argument: outcome, filter: filter, resultType: .double)
    }
}

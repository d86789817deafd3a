import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Casts, text and calendar functions: their argument rules and result types.
extension ExpressionBinder {
    private func checkArity(_ function: ScalarFunction, _ args: [Expr], _ range: ClosedRange<Int>, span: SourceSpan)
        throws(Diagnostic)
    {
        try CallArity.check(function.rawValue, usage: function.usage, count: args.count, range, span: span)
    }

    private func wrongType(_ function: ScalarFunction, _ arg: Expr, _ bound: BoundExpr, _ what: String) -> Diagnostic {
        Diagnostic(
            .bind, "\(function.rawValue)() needs \(what), but \(describe(arg)) is \(bound.type.withArticle)",
            span: arg.span,
            hint: function.usage)
    }

    /// A quoted-string argument's text.
    private func constantText(_ function: ScalarFunction, _ arg: Expr, _ bound: BoundExpr, _ role: String)
        throws(Diagnostic) -> String
    {
        guard case .constant(.string(let s), _) = bound else {
            throw Diagnostic(
                .bind, "\(function.rawValue)()'s \(role) is a quoted string", span: arg.span, hint: function.usage)
        }
        return s
    }

    func bindCast(_ function: ScalarFunction, _ args: [Expr], _ bound: [BoundExpr], span: SourceSpan) throws(Diagnostic)
        -> BoundExpr
    {
        try checkArity(function, args, function == .date ? 1...2 : 1...1, span: span)
        let type = bound[0].type
        switch function {
        case .int, .number, .bool:
            guard type.isNumeric || type == .string || type == .bool else {
                throw wrongType(
                    function, args[0], bound[0],
                    "a number, text or true/false" + (type == .duration ? " (for a duration use days(…))" : ""))
            }
            let result: DataType = function == .int ? .int : function == .number ? .double : .bool
            return type == result ? bound[0] : .call(function, bound, result)
        case .text:
            return type == .string ? bound[0] : .call(.text, bound, .string)
        default:
            if args.count == 2 {
                guard type == .string else {
                    throw wrongType(function, args[0], bound[0], "text to read with a format")
                }
                let format = try constantText(function, args[1], bound[1], "format")
                if case .failure(let problem) = DateFormat.parse(format) {
                    throw Diagnostic(.bind, problem.message, span: args[1].span, hint: problem.hint)
                }
                return .call(.date, bound, .date)
            }
            guard type.isTemporal || type == .string else {
                throw wrongType(function, args[0], bound[0], "a datetime or text")
            }
            return type == .date ? bound[0] : .call(.date, bound, .date)
        }
    }

    func bindText(_ function: ScalarFunction, _ args: [Expr], _ bound: [BoundExpr], span: SourceSpan) throws(Diagnostic)
        -> BoundExpr
    {
        try checkArity(function, args, function == .trim ? 1...1 : 3...3, span: span)
        guard bound[0].type == .string else { throw wrongType(function, args[0], bound[0], "a string") }
        switch function {
        case .replace:
            let from = try constantText(function, args[1], bound[1], "text to replace")
            _ = try constantText(function, args[2], bound[2], "replacement")
            if from.isEmpty {
                throw Diagnostic(.bind, "replace() needs something to replace, not \"\"", span: args[1].span)
            }
        case .splitPart:
            let separator = try constantText(function, args[1], bound[1], "separator")
            if separator.isEmpty {
                throw Diagnostic(.bind, "split_part() needs a separator, not \"\"", span: args[1].span)
            }
            guard case .constant(.int(let n), _) = bound[2], n != 0 else {
                throw Diagnostic(
                    .bind, "split_part()'s part is a whole number: 1 for the first, -1 for the last", span: args[2].span
                )
            }
        default: break
        }
        return .call(function, bound, .string)
    }

    func bindCalendar(_ function: ScalarFunction, _ args: [Expr], _ bound: [BoundExpr], span: SourceSpan)
        throws(Diagnostic) -> BoundExpr
    {
        let fiscal = function == .fiscalQuarter || function == .fiscalYear
        try checkArity(function, args, fiscal ? 1...2 : 1...1, span: span)
        guard bound[0].type.isTemporal else {
            throw wrongType(function, args[0], bound[0], function == .hour ? "a datetime" : "a date")
        }
        switch function {
        case .dayOfWeek, .monthName: return .call(function, bound, .string)
        case .hour: return .call(function, bound, .int)
        default:
            // The start month travels as an argument, so the plan (and a SQL translation) states it.
            var start = Int64(context.fiscalYearStart)
            if args.count == 2 {
                guard case .constant(.int(let m), _) = bound[1], (1...12).contains(m) else {
                    throw Diagnostic(
                        .bind,
                        "\(function.rawValue)()'s second argument is the month the fiscal year starts in, 1 to 12",
                        span: args[1].span)
                }
                start = m
            }
            return .call(function, [bound[0], .constant(.int(start), .int)], function == .fiscalQuarter ? .date : .int)
        }
    }
}

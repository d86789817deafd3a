import PipeQCore
import PipeQLanguage
import PipeQStorage

extension ExpressionBinder {
    func bindCall(_ name: String, nameSpan: SourceSpan, _ args: [Expr], span: SourceSpan) throws(Diagnostic)
        -> BoundExpr
    {
        guard let function = ScalarFunction.named(name) else {
            if let window = WindowFunction.named(name) {
                throw Diagnostic(
                    .bind, "\(window.rawValue)() is a window function: use it in extend", span: nameSpan,
                    hint: "e.g. \"| extend x = \(window.call)\"; not inside where, sort or another window function")
            }
            if AggregateFunction.named(name) != nil {
                throw Diagnostic(
                    .bind, "\(name) is an aggregate: use it as a stage, e.g. \"| \(name.lowercased()) value\"",
                    span: nameSpan)
            }
            throw Diagnostic(
                .bind, "unknown function \"\(name)\"", span: nameSpan,
                hint: Suggestions.hint(for: name, in: ScalarFunction.names) ?? "functions: "
                    + ScalarFunction.names.joined(separator: ", "))
        }
        if function == .ifThen {
            guard args.count == 3 else {
                throw Diagnostic(.bind, "if() takes 3 arguments, got \(args.count)", span: span, hint: function.usage)
            }
            return try bindCase(
                [WhenClause(condition: args[0], value: args[1])], otherwise: args[2], span: span, word: "if")
        }
        let bound = try args.map { (a: Expr) throws(Diagnostic) -> BoundExpr in try bind(a) }
        func arity(_ range: ClosedRange<Int>) throws(Diagnostic) {
            try CallArity.check(function.rawValue, usage: function.usage, count: args.count, range, span: span)
        }
        func expect(_ i: Int, _ ok: Bool, _ what: String) throws(Diagnostic) {
            guard ok else {
                throw Diagnostic(
                    .bind,
                    "\(function.rawValue)() needs \(what), but \(describe(args[i])) is \(bound[i].type.withArticle)",
                    span: args[i].span, hint: function.usage)
            }
        }
        switch function {
        case .day, .week, .month, .quarter, .year:
            try arity(1...1)
            try expect(0, bound[0].type.isTemporal, "a date")
            return .call(function, bound, .date)
        case .ifThen:
            return try bindCase(
                [WhenClause(condition: args[0], value: args[1])], otherwise: args[2], span: span, word: "if")
        case .date, .int, .number, .text, .bool:
            return try bindCast(function, args, bound, span: span)
        case .replace, .trim, .splitPart:
            return try bindText(function, args, bound, span: span)
        case .dayOfWeek, .hour, .monthName, .fiscalQuarter, .fiscalYear:
            return try bindCalendar(function, args, bound, span: span)
        case .days, .hours:
            try arity(1...1)
            try expect(0, bound[0].type == .duration, "a duration")
            return .call(function, bound, .double)
        case .lower, .upper:
            try arity(1...1)
            try expect(0, bound[0].type == .string, "a string")
            return .call(function, bound, .string)
        case .length:
            try arity(1...1)
            try expect(0, bound[0].type == .string, "a string")
            return .call(function, bound, .int)
        case .abs:
            try arity(1...1)
            try expect(0, bound[0].type.isNumeric || bound[0].type == .duration, "a number or duration")
            return .call(function, bound, bound[0].type)
        case .round:
            try arity(1...2)
            try expect(0, bound[0].type.isNumeric, "a number")
            var rest: [BoundExpr] = [promote(bound[0], to: .double)]
            if args.count == 2 {
                guard case .constant(.int(let digits), _) = bound[1], (-15...15).contains(digits) else {
                    throw Diagnostic(
                        .bind, "round()'s second argument is a whole number of digits from -15 to 15",
                        span: args[1].span)
                }
                rest.append(bound[1])
            }
            return .call(function, rest, bound[0].type == .int && args.count == 1 ? .int : .double)
        case .coalesce:
            guard args.count >= 2 else {
                try arity(2...2)
                return bound[0]
            }
            var result = bound[0]
            var unified: [BoundExpr] = [bound[0]]
            for i in 1..<bound.count {
                var next = bound[i]
                if isNullConstant(next) { next = .constant(.null, result.type) }
                let (a, b) = try unify(result, next, args[0], args[i], op: "coalesce", span: args[i].span)
                result = a
                unified = unified.map { promote($0, to: a.type) }
                unified.append(b)
            }
            return .call(function, unified, result.type)
        }
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `extend` with window functions, and `top N by … per …`, as plan nodes.
extension QueryBinder {
    /// `extend NAME = EXPR [per KEY, …], …`. Without window functions: one `extend` node. When every item is a
    /// window function call with the same partition: one `window` node. Otherwise each call becomes a hidden column
    /// of a `window` node (one per distinct partition, chained), an `extend` computes the items from them, and a
    /// `project` drops them again (so every item still sees the input's columns as they were, as in a plain extend).
    func bindExtend(_ items: [NamedExpr], per: [[Expr]], over input: LogicalPlan, context: BindContext)
        throws(Diagnostic) -> LogicalPlan
    {
        let schema = input.schema
        let expressions = ExpressionBinder(schema: schema, context: context)
        let partitionText = per.map { $0.map { context.text(of: $0.span) }.joined(separator: ", ") }
        let direct = items.allSatisfy { Self.windowCall($0.expr) != nil } && Set(partitionText).count == 1
        var calls: [(name: String, call: Expr, item: Int)] = []
        var taken = Set(schema.fields.map(\.name) + items.compactMap(\.name))
        var rewritten: [NamedExpr] = []
        for (i, item) in items.enumerated() {
            if direct {
                calls.append((item.name!, item.expr, i))
                continue
            }
            var copy = item
            copy.expr = try Self.extractingWindowCalls(item.expr) { call in
                let name = UniqueName.make(context.derivedName(of: call.span), taken: taken)
                taken.insert(name)
                calls.append((name, call, i))
                return name
            }
            if !per[i].isEmpty, !calls.contains(where: { $0.item == i }) {
                throw Diagnostic(
                    .bind, "\"per\" partitions window functions, and \(item.name ?? "this item") has none",
                    span: per[i][0].span,
                    hint:
                        "e.g. \"extend running = cumsum(value) per rep\"; to summarise per group use \"sum value by rep\""
                )
            }
            rewritten.append(copy)
        }
        if calls.isEmpty { return .extend(input, try bindNamed(items, expressions)) }
        // One window node per distinct partition, in the order the items first use it.
        var plan = input
        var windowNames: [String] = []
        var done: Set<String> = []
        for call in calls where !done.contains(partitionText[call.item]) {
            let text = partitionText[call.item]
            done.insert(text)
            var partition: [BoundExpr] = []
            for key in per[call.item] { partition.append(try expressions.bind(key)) }
            var windowItems: [WindowItem] = []
            for other in calls where partitionText[other.item] == text {
                windowItems.append(try bindWindowCall(other.call, name: other.name, expressions))
            }
            windowNames += windowItems.map(\.name)
            plan = .window(plan, windowItems, partition: partition)
        }
        if direct { return plan }
        let extended = LogicalPlan.extend(
            plan, try bindNamed(rewritten, ExpressionBinder(schema: plan.schema, context: context)))
        let hidden = Set(windowNames)
        let kept = extended.schema.fields.enumerated().filter { !hidden.contains($0.element.name) }
        return .project(
            extended,
            kept.map {
                NamedBoundExpr(name: $0.element.name, expr: .column($0.offset, $0.element.type), info: $0.element.info)
            })
    }

    /// The window function a call names, when the expression is one.
    static func windowCall(_ expr: Expr) -> WindowFunction? {
        if case .call(let name, _, _) = expr.kind { return WindowFunction.named(name) }
        return nil
    }

    /// The expression with each window function call replaced by a column that `name` names.
    static func extractingWindowCalls(_ expr: Expr, _ name: (Expr) throws(Diagnostic) -> String) throws(Diagnostic)
        -> Expr
    {
        func walk(_ e: Expr) throws(Diagnostic) -> Expr {
            if windowCall(e) != nil { return Expr(.column(try name(e)), e.span) }
            var out = e
            switch e.kind {
            case .literal, .column: break
            case .unary(let op, let a): out.kind = .unary(op, try walk(a))
            case .binary(let op, let a, let b): out.kind = .binary(op, try walk(a), try walk(b))
            case .call(let f, let span, let args):
                var mapped: [Expr] = []
                for a in args { mapped.append(try walk(a)) }
                out.kind = .call(f, nameSpan: span, mapped)
            case .inList(let a, let items, let negated): out.kind = .inList(try walk(a), items, negated: negated)
            case .between(let a, let lo, let hi, let negated):
                out.kind = .between(try walk(a), try walk(lo), try walk(hi), negated: negated)
            case .isNull(let a, let negated): out.kind = .isNull(try walk(a), negated: negated)
            case .match(let kind, let a, let pattern, let negated):
                out.kind = .match(kind, try walk(a), pattern, negated: negated)
            case .ordered(let a, let descending): out.kind = .ordered(try walk(a), descending: descending)
            case .caseWhen(let clauses, let otherwise):
                var mapped: [WhenClause] = []
                for clause in clauses {
                    mapped.append(WhenClause(condition: try walk(clause.condition), value: try walk(clause.value)))
                }
                out.kind = .caseWhen(
                    mapped, otherwise: try otherwise.map { (e: Expr) throws(Diagnostic) -> Expr in try walk(e) })
            }
            return out
        }
        return try walk(expr)
    }

    /// One window function call, its arguments bound over the window's input.
    func bindWindowCall(_ call: Expr, name: String, _ expressions: ExpressionBinder) throws(Diagnostic) -> WindowItem {
        guard case .call(let written, let nameSpan, let args) = call.kind, let function = WindowFunction.named(written)
        else {
            preconditionFailure("only window calls are bound here")
        }
        func arity(_ range: ClosedRange<Int>) throws(Diagnostic) {
            try CallArity.check(function.rawValue, usage: function.usage, count: args.count, range, span: call.span)
        }
        func value(numeric: Bool, durations: Bool = false) throws(Diagnostic) -> BoundExpr {
            let bound = try expressions.bind(args[0])
            if numeric, !(bound.type.isNumeric || (durations && bound.type == .duration)) {
                throw Diagnostic(
                    .bind,
                    "\(function.rawValue)() needs \(durations ? "a number or duration" : "a number"), but \(expressions.describe(args[0])) is \(bound.type.withArticle)",
                    span: args[0].span, hint: function.usage)
            }
            return bound
        }
        func count(_ i: Int, minimum: Int) throws(Diagnostic) -> Int {
            guard i < args.count else { return 1 }
            guard case .literal(.integer(let n)) = args[i].kind, n >= minimum, n <= Int64(Int32.max) else {
                if case .column(let name) = args[i].kind, case .scalarQuery? = try? expressions.bind(args[i]) {
                    // The row count shapes the plan; a let's value is only known when the query runs.
                    throw Diagnostic(
                        .bind,
                        "\(function.rawValue)()'s \(i == 1 ? "second " : "")argument is a number of rows written in the query, and \(name) is a let (a value known only when the query runs)",
                        span: args[i].span, hint: function.usage)
                }
                throw Diagnostic(
                    .bind,
                    "\(function.rawValue)()'s \(i == 1 ? "second " : "")argument is a whole number of rows from \(minimum)",
                    span: args[i].span, hint: function.usage)
            }
            return Int(n)
        }
        let span = call.span
        _ = nameSpan
        switch function {
        case .cumsum, .total:
            try arity(1...1)
            let bound = try value(numeric: true, durations: true)
            return WindowItem(name: name, function: function, argument: bound, type: bound.type, span: span)
        case .cumcount:
            try arity(0...1)
            return WindowItem(
                name: name, function: function, argument: args.isEmpty ? nil : try value(numeric: false), type: .int,
                span: span)
        case .rowNumber:
            try arity(0...0)
            return WindowItem(name: name, function: function, argument: nil, type: .int, span: span)
        case .lag, .lead:
            try arity(1...2)
            let bound = try value(numeric: false)
            return WindowItem(
                name: name, function: function, argument: bound, count: try count(1, minimum: 0), type: bound.type,
                span: span)
        case .movingAvg:
            try arity(2...2)
            return WindowItem(
                name: name, function: function, argument: try value(numeric: true), count: try count(1, minimum: 1),
                type: .double, span: span)
        case .pctChange:
            try arity(1...1)
            // a change as a fraction: shown as a percentage (+12.5%), as growth's change_pct
            var item = WindowItem(
                name: name, function: function, argument: try value(numeric: true), type: .double, span: span)
            item.info.encoding = .rate
            return item
        case .rank, .denseRank:
            guard !args.isEmpty else {
                throw Diagnostic(
                    .bind, "\(function.rawValue)() needs the value to rank by", span: span,
                    hint: function.usage + ", e.g. rank(sum_value desc)")
            }
            var keys: [BoundSortKey] = []
            for arg in args {
                var key = arg
                var descending = false
                if case .ordered(let inner, let desc) = arg.kind {
                    key = inner
                    descending = desc
                }
                keys.append(BoundSortKey(expr: try expressions.bind(key), descending: descending, span: key.span))
            }
            return WindowItem(name: name, function: function, argument: nil, order: keys, type: .int, span: span)
        }
    }

    /// `top N by KEY, … per GROUP, …`: the first N rows of each group, groups in ascending key order and rows in
    /// key order within them. A sort by the groups then the keys, a row number per group, a filter and a
    /// projection that drops the number.
    func bindTopPer(_ n: Int, keys: [SortKey], per: [NamedExpr], over input: LogicalPlan, context: BindContext)
        throws(Diagnostic) -> LogicalPlan
    {
        let schema = input.schema
        let expressions = ExpressionBinder(schema: schema, context: context)
        var groups: [BoundExpr] = []
        for key in per { groups.append(try expressions.bind(key.expr)) }
        let order = try bindSortKeys(keys, expressions)
        let sorted = LogicalPlan.sort(input, groups.map { BoundSortKey(expr: $0, descending: false) } + order)
        let number = UniqueName.make("row_number", taken: schema.fields.map(\.name))
        let numbered = LogicalPlan.window(
            sorted, [WindowItem(name: number, function: .rowNumber, argument: nil, type: .int)], partition: groups)
        let kept = LogicalPlan.filter(
            numbered, .compare(.lessEqual, .column(schema.fields.count, .int), .constant(.int(Int64(n)), .int)))
        return .project(
            kept,
            schema.fields.enumerated().map {
                NamedBoundExpr(name: $0.element.name, expr: .column($0.offset, $0.element.type), info: $0.element.info)
            })
    }
}

import PipeQCore
import PipeQLanguage
import PipeQStorage

/// AST expressions → typed `BoundExpr`, resolving names against a relation schema and applying the type rules:
/// - int op int → int (except `/`, which gives a number); with a number → number;
/// - date − date → duration; date ± duration → date (whole days) or datetime; datetime ± duration → datetime;
/// - duration ± duration → duration; duration × or ÷ number → duration; duration ÷ duration → number;
/// - comparisons need comparable types (numbers with numbers, dates with datetimes, durations with durations).
struct ExpressionBinder {
    let schema: RelationSchema
    let context: BindContext

    func bind(_ expr: Expr) throws(Diagnostic) -> BoundExpr {
        switch expr.kind {
        case .literal(let literal):
            return bindLiteral(literal)
        case .column(let name):
            return try bindColumn(name, span: expr.span)
        case .unary(.negate, let operand):
            let bound = try bind(operand)
            guard bound.type.isNumeric || bound.type == .duration else {
                throw Diagnostic(.bind, "cannot negate \(bound.type.withArticle)", span: expr.span)
            }
            return .negate(bound)
        case .unary(.not, let operand):
            return .not(try bindCondition(operand, role: "not"))
        case .binary(let op, let l, let r):
            return try bindBinary(op, l, r, span: expr.span)
        case .call(let name, let nameSpan, let args):
            return try bindCall(name, nameSpan: nameSpan, args, span: expr.span)
        case .inList(let operand, let items, let negated):
            return try bindIn(operand, items, negated: negated)
        case .between(let operand, let low, let high, let negated):
            let lower = try bindBinary(.greaterEqual, operand, low, span: expr.span)
            let upper = try bindBinary(.lessEqual, operand, high, span: expr.span)
            let both = BoundExpr.and(lower, upper)
            return negated ? .not(both) : both
        case .isNull(let operand, let negated):
            return .isNull(try bind(operand), negated: negated)
        case .match(let kind, let operand, let pattern, let negated):
            return try bindMatch(kind, operand, pattern, negated: negated)
        case .caseWhen(let clauses, let otherwise):
            return try bindCase(clauses, otherwise: otherwise, span: expr.span)
        case .ordered(let operand, let descending):
            throw Diagnostic(
                .bind, "\"\(descending ? "desc" : "asc")\" orders the arguments of rank() and dense_rank() only",
                span: expr.span.merged(with: operand.span))
        }
    }

    /// Binds an expression that must be a condition (true/false).
    func bindCondition(_ expr: Expr, role: String) throws(Diagnostic) -> BoundExpr {
        let bound = try bind(expr)
        guard bound.type == .bool else {
            throw Diagnostic(
                .bind, "\"\(role)\" needs a condition (true or false), but this is \(bound.type.withArticle)",
                span: expr.span,
                hint: "compare it, e.g. value > 10k")
        }
        return bound
    }

    // MARK: - Leaves

    func bindLiteral(_ literal: Literal) -> BoundExpr {
        switch literal {
        case .integer(let v): return .constant(.int(v), .int)
        case .decimal(let v): return .constant(.double(v), .double)
        case .string(let s): return .constant(.string(s), .string)
        case .bool(let b): return .constant(.bool(b), .bool)
        case .null: return .constant(.null, .string)
        case .date(let d): return .constant(.date(d), .date)
        case .timestamp(let t): return .constant(.timestamp(t), .timestamp)
        case .duration(let d): return .constant(.duration(d.approximateMicros), .duration)
        case .today: return .constant(.date(context.asOfDay), .date)
        case .now: return .constant(.timestamp(context.nowMicros), .timestamp)
        }
    }

    func bindColumn(_ name: String, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        if let i = schema.index(of: name) { return .column(i, schema.fields[i].type) }
        if let lower = schema.index(of: name.lowercased()) { return .column(lower, schema.fields[lower].type) }
        if let derived = DerivedColumn(rawValue: name.lowercased()), schema.derived.contains(derived) {
            return try bindDerived(derived, span: span)
        }
        if let plan = try context.scalarLets?.resolve(name) {
            let columns = plan.schema.fields
            guard columns.count == 1 else {
                throw Diagnostic(
                    .bind, "\(name) has \(columns.count) columns; used as a value, a let needs one", span: span,
                    hint: "end its query in one aggregate, e.g. \"let \(name) = deals | sum value\"")
            }
            return .scalarQuery(ScalarQuery(name: name, plan: plan, span: span))
        }
        if ScalarFunction.named(name) != nil {
            throw Diagnostic(
                .bind, "\"\(name)\" is a function: call it with parentheses", span: span,
                hint: "e.g. \(name)(close_date)")
        }
        // `sort sum desc` after `sum value`: the aggregate's column is `sum_value`.
        let aggregateColumns = schema.allNames.filter { $0.lowercased().hasPrefix(name.lowercased() + "_") }
        if AggregateFunction.named(name) != nil || name.lowercased() == "count", let column = aggregateColumns.first {
            throw Diagnostic(
                .bind, "unknown column \"\(name)\"", span: span,
                hint: "did you mean \"\(column)\"? (an aggregate's column is named after it and its argument)")
        }
        throw Diagnostic(
            .bind, "unknown column \"\(name)\"", span: span, hint: Suggestions.hint(for: name, in: schema.allNames))
    }

    /// Binds a comparison operand; a bare word that names no column, beside a text operand, is most likely text
    /// that lost its quotes (`stage = Negotiation`): the error says so.
    func bindValue(_ expr: Expr, besideTextOf other: Expr?) throws(Diagnostic) -> BoundExpr {
        do {
            return try bind(expr)
        } catch {
            guard case .column(let name) = expr.kind, error.message == "unknown column \"\(name)\"", error.hint == nil,
                let other, (try? bind(other))?.type == .string
            else { throw error }
            throw Diagnostic(
                .bind, error.message, span: error.span ?? expr.span,
                hint: "text is written in quotes: \(context.text(of: other.span)) = \"\(name)\"")
        }
    }

    /// age, stage_age, cycle: expressions over role columns and the as-of date. `cycle` is null unless the deal's
    /// outcome (`OutcomeRule`, as the verbs read it) is won or lost; with no status or stage column, every deal's.
    func bindDerived(_ derived: DerivedColumn, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        func roleColumn(_ role: ColumnRole) throws(Diagnostic) -> BoundExpr {
            guard let i = schema.index(role: role) else {
                throw Diagnostic(.bind, "\"\(derived.name)\" needs a \(role.canonicalName) column", span: span)
            }
            return .column(i, schema.fields[i].type)
        }
        switch derived {
        case .age:
            return try difference(.constant(.date(context.asOfDay), .date), roleColumn(.created), span: span)
        case .stageAge:
            return try difference(.constant(.date(context.asOfDay), .date), roleColumn(.stageEntered), span: span)
        case .cycle:
            let length = try difference(roleColumn(.closeDate), roleColumn(.created), span: span)
            guard let outcome = OutcomeRule.classifier(in: schema, stages: context.stages) else { return length }
            return .nullUnless(.inList(outcome, [.string("won"), .string("lost")], negated: false), length)
        }
    }

    /// a − b for two dates or datetimes, as a duration.
    func difference(_ a: BoundExpr, _ b: BoundExpr, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        guard a.type.isTemporal, b.type.isTemporal else {
            throw Diagnostic(.bind, "expected dates, found \(a.type.messageName) and \(b.type.messageName)", span: span)
        }
        if a.type == .date, b.type == .date { return .arithmetic(.subtract, a, b, result: .duration) }
        return .arithmetic(.subtract, promote(a, to: .timestamp), promote(b, to: .timestamp), result: .duration)
    }

    func promote(_ e: BoundExpr, to type: DataType) -> BoundExpr {
        if e.type == type { return e }
        if case .constant(let v, _) = e {
            switch (v, type) {
            case (.int(let i), .double): return .constant(.double(Double(i)), .double)
            case (.date(let d), .timestamp): return .constant(.timestamp(Int64(d) * CivilTime.microsPerDay), .timestamp)
            case (.null, _): return .constant(.null, type)
            default: break
            }
        }
        return .cast(e, type)
    }

    func describe(_ expr: Expr) -> String {
        if case .column(let name) = expr.kind { return "\"\(name)\"" }
        if case .literal(.string) = expr.kind { return context.text(of: expr.span) }
        return "\"\(context.text(of: expr.span))\""
    }
}

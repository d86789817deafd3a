import PipeQCore
import PipeQLanguage
import PipeQStorage

extension ExpressionBinder {
    func bindBinary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        switch op {
        case .and, .or:
            let left = try bindCondition(l, role: op.rawValue)
            let right = try bindCondition(r, role: op.rawValue)
            return op == .and ? .and(left, right) : .or(left, right)
        case .add, .subtract, .multiply, .divide:
            return try bindArithmetic(op, l, r, span: span)
        default:
            return try bindComparison(op, l, r, span: span)
        }
    }

    // MARK: - Comparison

    func bindComparison(_ op: BinaryOperator, _ l: Expr, _ r: Expr, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        var left = try bindValue(l, besideTextOf: r)
        var right = try bindValue(r, besideTextOf: l)
        if op == .equalIgnoringCase {
            guard left.type == .string, right.type == .string else {
                throw Diagnostic(
                    .bind, "\"~=\" compares strings, not \(left.type.messageName) with \(right.type.messageName)",
                    span: span)
            }
            return .equalIgnoringCase(left, right)
        }
        let comparison = Self.comparisonOperator(op)
        if isNullConstant(left) || isNullConstant(right) {
            throw Diagnostic(
                .bind, "comparing with null is never true", span: span,
                hint: "write \"is null\" or \"is not null\"")
        }
        (left, right) = try unify(left, right, l, r, op: op.rawValue, span: span)
        return .compare(comparison, left, right)
    }

    static func comparisonOperator(_ op: BinaryOperator) -> ComparisonOperator {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        default: return .greaterEqual
        }
    }

    func isNullConstant(_ e: BoundExpr) -> Bool {
        if case .constant(.null, _) = e { return true }
        return false
    }

    /// Brings two operands to one comparable type, or explains why they cannot be compared.
    func unify(_ a: BoundExpr, _ b: BoundExpr, _ l: Expr, _ r: Expr, op: String, span: SourceSpan) throws(Diagnostic)
        -> (BoundExpr, BoundExpr)
    {
        let ta = a.type
        let tb = b.type
        if ta == tb { return (a, b) }
        if ta.isNumeric && tb.isNumeric { return (promote(a, to: .double), promote(b, to: .double)) }
        if ta.isTemporal && tb.isTemporal { return (promote(a, to: .timestamp), promote(b, to: .timestamp)) }
        if ta == .duration, tb.isNumeric, b.constantValue != nil {
            throw Diagnostic(
                .bind, "expected a duration like 30d after \"\(op)\"", span: r.span,
                hint: "\(describe(l)) is a duration; write e.g. 30d, 2w, 3mo")
        }
        if tb == .duration, ta.isNumeric, a.constantValue != nil {
            throw Diagnostic(
                .bind, "expected a duration like 30d before \"\(op)\"", span: l.span,
                hint: "\(describe(r)) is a duration; write e.g. 30d, 2w, 3mo")
        }
        if ta.isTemporal, tb == .string, case .constant(.string(let s), _) = b {
            throw Diagnostic(
                .bind, "cannot compare \(ta.messageName) with string \"\(s)\"", span: r.span,
                hint: "write dates without quotes, e.g. 2026-01-15")
        }
        // A text column compared with a date or a number: often a CSV column with a few odd values.
        for (column, bound, type, other) in [(l, a, ta, tb), (r, b, tb, ta)] where type == .string {
            if case .column = column.kind, other.isTemporal || other.isNumeric {
                throw Diagnostic(
                    .bind, "cannot compare \(ta.messageName) with \(tb.messageName)", span: span,
                    hint: textReasonHint(bound)
                        ?? "\(describe(column)) is a text column (a CSV column is a \(other.isNumeric ? "number" : "date") only when all its values are)"
                )
            }
        }
        throw Diagnostic(.bind, "cannot compare \(ta.messageName) with \(tb.messageName)", span: span)
    }

    func bindIn(_ operand: Expr, _ items: [Expr], negated: Bool) throws(Diagnostic) -> BoundExpr {
        var bound = try bind(operand)
        var values: [Scalar] = []
        var boundItems: [BoundExpr] = []
        for item in items {
            let b = try bindValue(item, besideTextOf: operand)
            guard b.constantValue != nil else {
                throw Diagnostic(.bind, "\"in\" lists take constant values", span: item.span)
            }
            boundItems.append(b)
        }
        // Unify each item with the operand's type.
        let needsDouble = bound.type == .int && boundItems.contains { $0.type == .double }
        if needsDouble { bound = promote(bound, to: .double) }
        let needsTimestamp = bound.type == .date && boundItems.contains { $0.type == .timestamp }
        if needsTimestamp { bound = promote(bound, to: .timestamp) }
        for (item, b) in zip(items, boundItems) {
            if isNullConstant(b) {
                throw Diagnostic(
                    .bind, "null never matches in an \"in\" list", span: item.span, hint: "write \"is null\"")
            }
            let (_, coerced) = try unify(bound, b, operand, item, op: "in", span: item.span)
            guard coerced.type == bound.type, let v = (coerced.constantValue ?? foldCast(coerced)) else {
                throw Diagnostic(
                    .bind, "cannot compare \(bound.type.messageName) with \(b.type.messageName)", span: item.span)
            }
            values.append(v)
        }
        return .inList(bound, values, negated: negated)
    }

    /// Evaluates a cast of a constant (int → double, date → timestamp).
    func foldCast(_ e: BoundExpr) -> Scalar? {
        guard case .cast(.constant(let v, _), let t) = e else { return nil }
        switch (v, t) {
        case (.int(let i), .double): return .double(Double(i))
        case (.date(let d), .timestamp): return .timestamp(Int64(d) * CivilTime.microsPerDay)
        default: return nil
        }
    }

    // MARK: - Arithmetic

    func bindArithmetic(_ op: BinaryOperator, _ l: Expr, _ r: Expr, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        let left = try bind(l)
        let right = try bind(r)
        let arith: ArithmeticOperator =
            op == .add ? .add : op == .subtract ? .subtract : op == .multiply ? .multiply : .divide
        let ta = left.type
        let tb = right.type
        func fail() -> Diagnostic {
            let verb: String
            switch arith {
            case .add: verb = "add \(ta.messageName) and \(tb.messageName)"
            case .subtract: verb = "subtract \(tb.messageName) from \(ta.messageName)"
            case .multiply: verb = "multiply \(ta.messageName) by \(tb.messageName)"
            case .divide: verb = "divide \(ta.messageName) by \(tb.messageName)"
            }
            return Diagnostic(.bind, "cannot \(verb)", span: span, hint: textReasonHint(left) ?? textReasonHint(right))
        }
        // Calendar durations (mo, q, y) against dates move by calendar months.
        if case .literal(.duration(let d)) = r.kind, d.months != 0, ta.isTemporal, arith == .add || arith == .subtract {
            let months = arith == .add ? d.months : -d.months
            var moved = BoundExpr.addMonths(left, months)
            if d.micros != 0 {
                moved = .arithmetic(
                    arith, promote(moved, to: .timestamp), .constant(.duration(d.micros), .duration), result: .timestamp
                )
            }
            return moved
        }
        switch (ta, tb) {
        case (.int, .int):
            return .arithmetic(arith, left, right, result: arith == .divide ? .double : .int)
        case _ where ta.isNumeric && tb.isNumeric:
            return .arithmetic(arith, promote(left, to: .double), promote(right, to: .double), result: .double)
        case (.date, .date) where arith == .subtract, (.timestamp, .timestamp) where arith == .subtract:
            return .arithmetic(.subtract, left, right, result: .duration)
        case (.date, .timestamp) where arith == .subtract, (.timestamp, .date) where arith == .subtract:
            return .arithmetic(
                .subtract, promote(left, to: .timestamp), promote(right, to: .timestamp), result: .duration)
        case (.date, .duration) where arith == .add || arith == .subtract:
            // date ± whole days stays a date; anything finer becomes a datetime.
            if case .constant(.duration(let micros), _) = right, micros % CivilTime.microsPerDay == 0 {
                return .arithmetic(arith, left, right, result: .date)
            }
            return .arithmetic(arith, promote(left, to: .timestamp), right, result: .timestamp)
        case (.timestamp, .duration) where arith == .add || arith == .subtract:
            return .arithmetic(arith, left, right, result: .timestamp)
        case (.duration, .date) where arith == .add:
            return try bindArithmetic(op, r, l, span: span)
        case (.duration, .timestamp) where arith == .add:
            return .arithmetic(.add, right, left, result: .timestamp)
        case (.duration, .duration) where arith == .add || arith == .subtract:
            return .arithmetic(arith, left, right, result: .duration)
        case (.duration, .duration) where arith == .divide:
            return .arithmetic(.divide, left, right, result: .double)
        case (.duration, _) where tb.isNumeric && (arith == .multiply || arith == .divide):
            return .arithmetic(arith, left, promote(right, to: .double), result: .duration)
        case (_, .duration) where ta.isNumeric && arith == .multiply:
            return .arithmetic(.multiply, right, promote(left, to: .double), result: .duration)
        default:
            if tb.isNumeric, ta == .duration || ta.isTemporal, arith == .add || arith == .subtract,
                case .literal = r.kind
            {
                throw Diagnostic(
                    .bind,
                    "cannot \(arith == .add ? "add" : "subtract") a plain number \(arith == .add ? "to" : "from") \(ta.withArticle)",
                    span: r.span, hint: "write a duration such as 30d")
            }
            throw fail()
        }
    }
}

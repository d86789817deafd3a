import PipeQCore
import PipeQLanguage
import PipeQStorage

extension ExpressionBinder {
    /// `case when C then A … [else B] end`: conditions must be true/false; the values are brought to one type
    /// (ints with numbers → number, dates with datetimes → datetime, null takes the others' type).
    func bindCase(_ clauses: [WhenClause], otherwise: Expr?, span: SourceSpan, word: String = "case") throws(Diagnostic)
        -> BoundExpr
    {
        var conditions: [BoundExpr] = []
        var values: [(bound: BoundExpr, expr: Expr)] = []
        for clause in clauses {
            conditions.append(try bindCondition(clause.condition, role: word == "if" ? "if" : "when"))
            values.append((try bind(clause.value), clause.value))
        }
        if let otherwise { values.append((try bind(otherwise), otherwise)) }
        let unified = try unifyBranches(values, word: word)
        let branches = zip(conditions, unified).map { BoundWhen(condition: $0, value: $1) }
        let type = unified.first?.type ?? .string
        return .caseWhen(branches, otherwise: otherwise == nil ? .constant(.null, type) : unified[unified.count - 1])
    }

    /// The branch values at one type, or an error naming the first two that differ.
    func unifyBranches(_ values: [(bound: BoundExpr, expr: Expr)], word: String) throws(Diagnostic) -> [BoundExpr] {
        let typed = values.filter { !isNullConstant($0.bound) }
        guard let first = typed.first else { return values.map { _ in .constant(.null, .string) } }
        let types = Set(typed.map(\.bound.type))
        let target: DataType
        if types.count == 1 {
            target = first.bound.type
        } else if types.allSatisfy(\.isNumeric) {
            target = .double
        } else if types.allSatisfy(\.isTemporal) {
            target = .timestamp
        } else {
            let other = typed.first {
                $0.bound.type != first.bound.type && !($0.bound.type.isNumeric && first.bound.type.isNumeric)
            }!
            throw Diagnostic(
                .bind,
                "the branches of \"\(word)\" give different types: \(describe(first.expr)) is \(first.bound.type.withArticle), "
                    + "\(describe(other.expr)) is \(other.bound.type.withArticle)", span: other.expr.span,
                hint: "give every branch one type, e.g. with text(…) or number(…)")
        }
        return values.map { isNullConstant($0.bound) ? .constant(.null, target) : promote($0.bound, to: target) }
    }
}

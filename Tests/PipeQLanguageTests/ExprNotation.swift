import PipeQLanguage

/// Expressions written as S-expressions, so a test can state a tree's shape in one line: `a + b * 2` is
/// `(+ a (* b 2))`. Literals other than numbers carry their kind: `"s"`, `date:20513`, `mo:3`, `us:…`.
extension Expr {
    var notation: String {
        switch kind {
        case .literal(let literal): return Self.notation(literal)
        case .column(let name): return name
        case .unary(.negate, let operand): return "(neg \(operand.notation))"
        case .unary(.not, let operand): return "(not \(operand.notation))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(left.notation) \(right.notation))"
        case .call(let name, _, let arguments): return "(\(name)()" + arguments.map { " " + $0.notation }.joined() + ")"
        case .inList(let value, let items, let negated):
            return "(\(negated ? "not-in" : "in") \(value.notation)" + items.map { " " + $0.notation }.joined() + ")"
        case .between(let value, let low, let high, let negated):
            return "(\(negated ? "not-between" : "between") \(value.notation) \(low.notation) \(high.notation))"
        case .isNull(let value, let negated): return "(\(negated ? "is-not-null" : "is-null") \(value.notation))"
        case .match(let match, let value, let pattern, let negated):
            return "(\(negated ? "not-" : "")\(match.rawValue) \(value.notation) \(pattern.notation))"
        case .ordered(let value, let descending): return "(\(descending ? "desc" : "asc") \(value.notation))"
        case .caseWhen(let clauses, let otherwise):
            return "(case" + clauses.map { " (when \($0.condition.notation) \($0.value.notation))" }.joined()
                + (otherwise.map { " (else \($0.notation))" } ?? "") + ")"
        }
    }

    private static func notation(_ literal: Literal) -> String {
        switch literal {
        case .integer(let v): return String(v)
        case .decimal(let v): return String(v)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return String(b)
        case .null: return "null"
        case .date(let d): return "date:\(d)"
        case .timestamp(let t): return "ts:\(t)"
        case .duration(let d): return d.months != 0 ? "mo:\(d.months)" : "us:\(d.micros)"
        case .today: return "today"
        case .now: return "now"
        }
    }
}

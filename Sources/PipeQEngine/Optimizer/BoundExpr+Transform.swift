extension BoundExpr {
    /// The expression with `rewrite` applied to every node, children before parents; nil when nothing changed.
    func transformedUp(_ rewrite: (BoundExpr) -> BoundExpr?) -> BoundExpr? {
        var changed = false
        func go(_ e: BoundExpr) -> BoundExpr {
            let rebuilt = e.mappingChildren(go)
            if let r = rewrite(rebuilt) {
                changed = true
                return r
            }
            return rebuilt
        }
        // Children that come back changed are only noticed through `rewrite`; compare by that flag.
        let out = go(self)
        return changed ? out : nil
    }

    /// The same node over its children mapped by `f`.
    func mappingChildren(_ f: (BoundExpr) -> BoundExpr) -> BoundExpr {
        switch self {
        case .column, .constant, .columnsEqual, .scalarQuery: return self
        case .negate(let a): return .negate(f(a))
        case .arithmetic(let op, let a, let b, let result): return .arithmetic(op, f(a), f(b), result: result)
        case .compare(let op, let a, let b): return .compare(op, f(a), f(b))
        case .equalIgnoringCase(let a, let b): return .equalIgnoringCase(f(a), f(b))
        case .and(let a, let b): return .and(f(a), f(b))
        case .or(let a, let b): return .or(f(a), f(b))
        case .not(let a): return .not(f(a))
        case .isNull(let a, let negated): return .isNull(f(a), negated: negated)
        case .inList(let a, let values, let negated): return .inList(f(a), values, negated: negated)
        case .match(let kind, let a, let pattern, let negated):
            return .match(kind, f(a), pattern: pattern, negated: negated)
        case .call(let function, let arguments, let type): return .call(function, arguments.map(f), type)
        case .cast(let a, let type): return .cast(f(a), type)
        case .addMonths(let a, let months): return .addMonths(f(a), months)
        case .nullUnless(let condition, let value): return .nullUnless(f(condition), f(value))
        case .outcome(let a, let rule): return .outcome(f(a), rule)
        case .caseWhen(let branches, let otherwise):
            return .caseWhen(
                branches.map { BoundWhen(condition: f($0.condition), value: f($0.value)) }, otherwise: f(otherwise))
        }
    }

    /// The direct children, in order.
    public var children: [BoundExpr] {
        switch self {
        case .column, .constant, .columnsEqual, .scalarQuery: return []
        case .negate(let a), .not(let a), .isNull(let a, _), .inList(let a, _, _), .match(_, let a, _, _),
            .cast(let a, _), .addMonths(let a, _),
            .outcome(let a, _):
            return [a]
        case .arithmetic(_, let a, let b, _), .compare(_, let a, let b), .equalIgnoringCase(let a, let b),
            .and(let a, let b), .or(let a, let b),
            .nullUnless(let a, let b):
            return [a, b]
        case .call(_, let arguments, _): return arguments
        case .caseWhen(let branches, let otherwise): return branches.flatMap { [$0.condition, $0.value] } + [otherwise]
        }
    }

    /// Every input column the expression reads.
    var columnsRead: Set<Int> {
        switch self {
        case .column(let i, _): return [i]
        case .columnsEqual(let equalities): return Set(equalities.map(\.column))
        default: return children.reduce(into: []) { $0.formUnion($1.columnsRead) }
        }
    }

    /// The expression with column `i` read as `columns[i]` instead (an input the node was moved below).
    public func substitutingColumns(_ columns: [Int: BoundExpr]) -> BoundExpr {
        switch self {
        case .column(let i, _): return columns[i] ?? self
        case .columnsEqual(let equalities):
            return .conjunction(equalities).substitutingColumns(columns)
        default: return mappingChildren { $0.substitutingColumns(columns) }
        }
    }

    /// `a and b and c` as [a, b, c].
    public var conjuncts: [BoundExpr] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }

    /// [a, b, c] as `a and b and c`.
    static func and(_ parts: [BoundExpr]) -> BoundExpr {
        parts.dropFirst().reduce(parts[0]) { .and($0, $1) }
    }
}

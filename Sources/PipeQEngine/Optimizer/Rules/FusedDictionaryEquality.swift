/// In a filter, `a = "x" and b = "y"` on two string columns becomes one `columnsEqual` test, which the kernel
/// runs as a single pass over both columns' dictionary codes (eight rows per machine word when both are one
/// byte wide and null-free; the plain two-pass path otherwise). Equalities are paired in the order written.
struct FusedDictionaryEquality: OptimizerRule {
    var name: String { "fused dictionary equality" }

    func rewrite(_ plan: LogicalPlan) -> LogicalPlan? {
        switch plan {
        case .filter(let input, let predicate):
            return fused(predicate).map { .filter(input, $0) }
        case .scan(var scan):
            guard let filter = scan.filter, let f = fused(filter) else { return nil }
            scan.filter = f
            return .scan(scan)
        default:
            return nil
        }
    }

    /// The predicate with its string equalities paired into `columnsEqual`, each pair in its first member's place.
    func fused(_ predicate: BoundExpr) -> BoundExpr? {
        var out: [BoundExpr] = []
        var pending: (index: Int, equality: ColumnEquality)?
        for part in predicate.conjuncts {
            guard let equality = Self.equality(part) else {
                out.append(part)
                continue
            }
            if let first = pending {
                out[first.index] = .columnsEqual([first.equality, equality])
                pending = nil
            } else {
                pending = (out.count, equality)
                out.append(part)
            }
        }
        guard out.contains(where: { if case .columnsEqual = $0 { return true } else { return false } }) else {
            return nil
        }
        return .and(out)
    }

    /// `column = "constant"` (either way round) on a string column.
    static func equality(_ e: BoundExpr) -> ColumnEquality? {
        guard case .compare(.equal, let l, let r) = e else { return nil }
        let (columnSide, constantSide) = r.constantValue != nil ? (l, r) : (r, l)
        guard case .column(let i, .string) = columnSide, case .string(let value)? = constantSide.constantValue else {
            return nil
        }
        return ColumnEquality(column: i, value: value)
    }
}

import PipeQCore

/// `C − x OP d` with constants C and d (what `age > 30d` binds to: as_of − created > 30d) becomes `x OP' C − d`:
/// a plain column-versus-constant comparison, which the kernels run without a temporary vector.
struct ComparisonSimplification: ExpressionRule {
    var name: String { "comparison simplification" }

    func rewrite(_ e: BoundExpr) -> BoundExpr? {
        guard
            case .compare(
                let op, .arithmetic(.subtract, .constant(let c, let ct), let x, result: .duration),
                .constant(.duration(let d), _)) = e,
            x.columnIndex != nil
        else { return nil }
        switch (c, ct) {
        case (.date(let day), .date) where d % CivilTime.microsPerDay == 0 && x.type == .date:
            let bound = Int64(day) - d / CivilTime.microsPerDay
            guard bound >= Int64(Int32.min), bound <= Int64(Int32.max) else { return nil }
            return .compare(op.flipped, x, .constant(.date(Int32(bound)), .date))
        case (.timestamp(let t), .timestamp) where x.type == .timestamp:
            let (bound, overflow) = t.subtractingReportingOverflow(d)
            return overflow ? nil : .compare(op.flipped, x, .constant(.timestamp(bound), .timestamp))
        default:
            return nil
        }
    }
}

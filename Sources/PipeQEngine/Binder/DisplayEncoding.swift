import PipeQStorage

/// How an expression's result column is shown, decided from the expression (the one place `round`, `quarter`,
/// `fiscal_quarter` and `fiscal_year` get their display): `round(x, 1)` shows one decimal, quarters read
/// `2025-Q1`, fiscal years have no thousands separator. Nil leaves it to the value's type.
enum DisplayEncoding {
    static func of(_ e: BoundExpr, _ schema: RelationSchema) -> CellEncoding? {
        switch e {
        case .column(let i, _): return schema.fields[i].info.encoding
        case .call(.round, let args, .double) where args.count == 2:
            if case .constant(.int(let n), _) = args[1] { return .decimals(max(0, Int(n))) }
            return nil
        case .call(.quarter, _, _): return .quarter(firstMonth: 1)
        case .call(.fiscalQuarter, let args, _):
            if args.count == 2, case .constant(.int(let m), _) = args[1] { return .quarter(firstMonth: Int(m)) }
            return nil
        case .call(.fiscalYear, _, _): return .digits
        default: return nil
        }
    }
}

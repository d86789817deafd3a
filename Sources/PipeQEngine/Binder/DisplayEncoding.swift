import PipeQStorage

/// How an expression's result column is shown, decided from the expression (the one place `round`, `quarter`,
/// `fiscal_quarter` and `fiscal_year` get their display): `round(x, 1)` shows one decimal, quarters read
/// `2025-Q1`, fiscal years have no thousands separator. Nil leaves it to the value's type.
enum DisplayEncoding {
    static func of(_ e: BoundExpr, _ schema: RelationSchema) -> CellEncoding? {
        if case .column(let i, _) = e { return schema.fields[i].info.encoding }
        return of(e)
    }

    /// The same for an expression that is not a column reference (no schema needed): the calls that decide it.
    static func of(_ e: BoundExpr) -> CellEncoding? {
        switch e {
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

    /// A computed number named as a rate or a share (`share`, `lead_share`, `rate`, `close_rate`, `conversion…`)
    /// shows as a percentage, as the verbs' rates do: `extend share = sum_value / total(sum_value)` reads 12.5%.
    /// (CSV and JSON keep the fraction.) The name decides because the value alone cannot tell a fraction from a
    /// number; `_pct` is left alone, as it is as often written for 0–100 values.
    static func isRateName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "share" || lower.hasSuffix("_share") || lower == "rate" || lower.hasSuffix("_rate")
            || lower.hasPrefix("conversion")
    }
}

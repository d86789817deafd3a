import PipeQStorage

/// Where a deal's outcome comes from, for the verbs that keep their own operator: a column and the
/// `OutcomeRule` that reads it (the same classifier the lowered verbs, `cycle` and `winrate` bind).
struct OutcomeSource: Sendable {
    var columnIndex: Int
    var rule: OutcomeRule

    static let open = OutcomeRule.open, won = OutcomeRule.won, lost = OutcomeRule.lost, unknown: UInt8 = 3

    /// One code per row of `input`: 0 open, 1 won, 2 lost, 3 unknown (null).
    func codes(_ input: Relation) -> [UInt8] {
        codes(of: VerbSupport.column(input, columnIndex))
    }

    /// One code per row of `column` (this source's column), decided once per dictionary entry.
    func codes(of column: Column) -> [UInt8] {
        guard case .string(let codes, let dictionary) = column.values, dictionary.count > 0 else {
            return [UInt8](repeating: Self.unknown, count: column.count)
        }
        var out = codes.lookup(rule.codes(for: dictionary))
        if let nulls = column.nulls {
            for i in 0..<out.count where nulls.isNull(i) { out[i] = Self.unknown }
        }
        return out
    }
}

extension OutcomeSource {
    /// The source as an expression, `outcome(column)` (the classifier `VerbSupport.outcome` binds).
    var expression: BoundExpr { .outcome(.column(columnIndex, .string), rule) }
}

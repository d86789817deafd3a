import PipeQStorage

extension Evaluator {
    /// `outcome(column)`: each dictionary entry decided once (`OutcomeRule.codes(for:)`), then one table
    /// look-up per row into the three-entry open/won/lost dictionary; null stays null.
    func outcome(_ v: Vector, _ rule: OutcomeRule) -> Vector {
        switch v {
        case .constant(.string(let s), _):
            return .constant(
                .string(OutcomeRule.labels[Int(rule.codes(for: StringDictionary(values: [s]))[0])]), .string)
        case .constant:
            return .constant(.null, .string)
        case .column(let c):
            guard case .string(let codes, let dictionary) = c.values else { return .constant(.null, .string) }
            // A column of nulls can have an empty dictionary; its code slots (0) still look one entry up.
            let table =
                dictionary.count == 0
                ? [OutcomeRule.open] : rule.codes(for: dictionary, cancellation: context.cancellation)
            return .column(Column(.string(.u8(codes.lookup(table)), OutcomeRule.dictionary), nulls: c.nulls))
        }
    }
}

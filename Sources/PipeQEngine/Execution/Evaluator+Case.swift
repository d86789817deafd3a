import PipeQCore
import PipeQStorage

extension Evaluator {
    /// `case when …`: each condition selects its rows once over the whole domain (last branch first, so the first
    /// true branch wins), then one typed pass picks each row's value from its branch's column.
    func caseWhen(_ branches: [BoundWhen], otherwise: BoundExpr, _ domain: Domain) -> Vector {
        let count = domain.count
        let predicate = Predicate(evaluator: self)
        var choice = [Int32](repeating: Int32(branches.count), count: count)
        for (k, branch) in branches.enumerated().reversed() {
            for offset in domain.offsets(of: predicate.select(branch.condition, domain, want: true)) {
                choice[offset] = Int32(k)
            }
        }
        let used = Set(choice)
        let values = (branches.map(\.value) + [otherwise]).enumerated().map { k, e -> Vector in
            used.contains(Int32(k)) ? vector(e, domain) : .constant(.null, otherwise.type)
        }
        if used.count == 1, let only = used.first { return values[Int(only)] }
        let columns = values.map { $0.materialized(count: count) }
        var nulls = NullBitmap(count: count)
        var anyNull = false
        for i in 0..<count where columns[Int(choice[i])].isNull(i) {
            nulls.setNull(i)
            anyNull = true
        }
        func pick<T>(_ arrays: [[T]]) -> [T] {
            var out = arrays[0]
            for i in 0..<count where choice[i] != 0 { out[i] = arrays[Int(choice[i])][i] }
            return out
        }
        let outNulls = anyNull ? nulls : nil
        switch columns[0].values {
        case .int:
            return .column(
                Column(
                    .int(pick(columns.map { if case .int(let a) = $0.values { return a } else { return [] } })),
                    nulls: outNulls))
        case .double:
            return .column(
                Column(
                    .double(pick(columns.map { if case .double(let a) = $0.values { return a } else { return [] } })),
                    nulls: outNulls))
        case .bool:
            return .column(
                Column(
                    .bool(pick(columns.map { if case .bool(let a) = $0.values { return a } else { return [] } })),
                    nulls: outNulls))
        case .date:
            return .column(
                Column(
                    .date(pick(columns.map { if case .date(let a) = $0.values { return a } else { return [] } })),
                    nulls: outNulls))
        case .timestamp:
            return .column(
                Column(
                    .timestamp(
                        pick(columns.map { if case .timestamp(let a) = $0.values { return a } else { return [] } })),
                    nulls: outNulls))
        case .duration:
            return .column(
                Column(
                    .duration(
                        pick(columns.map { if case .duration(let a) = $0.values { return a } else { return [] } })),
                    nulls: outNulls))
        case .string:
            return .column(Column(mergedStrings(columns, choice), nulls: outNulls))
        }
    }

    /// String branches: one shared dictionary (kept, with its order) when every branch reads the same one; else
    /// each branch's entries mapped once into a new dictionary, then a code per row.
    private func mergedStrings(_ columns: [Column], _ choice: [Int32]) -> ColumnValues {
        let parts = columns.map { c -> (DictionaryCodes, StringDictionary) in
            if case .string(let codes, let dict) = c.values { return (codes, dict) }
            return (.zeros(c.count), StringDictionary(values: [""]))
        }
        let count = choice.count
        if parts.dropFirst().allSatisfy({ $0.1 === parts[0].1 }) {
            var codes = [UInt32](repeating: 0, count: count)
            for i in 0..<count { codes[i] = parts[Int(choice[i])].0[i] }
            return .string(codes: codes, parts[0].1)
        }
        var builder = StringDictionaryBuilder()
        let remaps = parts.map { part in part.1.values.map { builder.code(for: $0) } }
        var codes = [UInt32](repeating: 0, count: count)
        for i in 0..<count {
            let k = Int(choice[i])
            codes[i] = remaps[k][Int(parts[k].0[i])]
        }
        return .string(codes: codes, builder.build())
    }
}

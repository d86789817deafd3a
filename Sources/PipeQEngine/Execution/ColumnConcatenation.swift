import PipeQCore
import PipeQStorage

/// Columns placed one after another (append, a pivot's totals row): the parts' values in order, a nil part
/// standing for that many nulls. Strings get one dictionary: the first part's, with the others' new strings after.
enum ColumnConcatenation {
    static func concatenated(_ parts: [(column: Column?, count: Int)], type: DataType) -> Column {
        let total = parts.reduce(0) { $0 + $1.count }
        var nulls = NullBitmap(count: total)
        var offset = 0
        for part in parts {
            if let column = part.column {
                if let n = column.nulls { for i in 0..<part.count where n.isNull(i) { nulls.setNull(offset + i) } }
            } else {
                for i in 0..<part.count { nulls.setNull(offset + i) }
            }
            offset += part.count
        }
        func join<T>(_ zero: T, _ values: (ColumnValues) -> [T]?) -> [T] {
            var out: [T] = []
            out.reserveCapacity(total)
            for part in parts {
                if let column = part.column, let v = values(column.values) {
                    out += v
                } else {
                    out += repeatElement(zero, count: part.count)
                }
            }
            return out
        }
        let values: ColumnValues
        switch type {
        case .int: values = .int(join(0) { if case .int(let a) = $0 { a } else { nil } })
        case .double: values = .double(join(0) { if case .double(let a) = $0 { a } else { nil } })
        case .bool: values = .bool(join(false) { if case .bool(let a) = $0 { a } else { nil } })
        case .date: values = .date(join(0) { if case .date(let a) = $0 { a } else { nil } })
        case .timestamp: values = .timestamp(join(0) { if case .timestamp(let a) = $0 { a } else { nil } })
        case .duration: values = .duration(join(0) { if case .duration(let a) = $0 { a } else { nil } })
        case .string: values = strings(parts)
        }
        return Column(values, nulls: nulls)
    }

    private static func strings(_ parts: [(column: Column?, count: Int)]) -> ColumnValues {
        let columns = parts.compactMap(\.column).compactMap(\.values.distinctStrings)
        // One shared dictionary (the same table read twice): the codes as they are.
        if let first = columns.first, columns.allSatisfy({ $0.dictionary === first.dictionary }) {
            var codes: [UInt32] = []
            for part in parts {
                if let c = part.column?.values.distinctStrings {
                    codes += c.codes.widened
                } else {
                    codes += repeatElement(0, count: part.count)
                }
            }
            return .string(codes: codes, first.dictionary)
        }
        var builder = StringDictionaryBuilder()
        var codes: [UInt32] = []
        for part in parts {
            if let c = part.column?.values.distinctStrings {
                codes += c.codes.lookup(c.dictionary.values.map { builder.code(for: $0) })
            } else {
                codes += repeatElement(0, count: part.count)
            }
        }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return .string(codes: codes, builder.build())
    }
}

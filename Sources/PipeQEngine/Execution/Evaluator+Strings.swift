import PipeQCore
import PipeQStorage

/// Work done once per dictionary entry of a string vector, then spread to rows by code.
extension Evaluator {
    /// `f` over each distinct string (each dictionary entry, or the one constant), its results looked up per row;
    /// a nil result is null. `wrap` makes the typed column.
    func fromStrings<T>(
        _ v: Vector, count: Int, type: DataType, zero: T, _ f: ([String]) -> [T?],
        wrap: ([T]) -> ColumnValues, scalar: (T) -> Scalar
    ) -> Vector {
        switch v {
        case .constant(.string(let s), _): return .constant(f([s])[0].map(scalar) ?? .null, type)
        case .constant: return .constant(.null, type)
        case .column(let c):
            guard case .string(let codes, let dict) = c.values else { return .constant(.null, type) }
            let table = f(dict.values)
            let values = codes.lookup(table.map { $0 ?? zero })
            var nulls = c.nulls
            if table.contains(where: { $0 == nil }) {
                let missing = codes.lookup(table.map { $0 == nil })
                var bitmap = nulls ?? NullBitmap(count: count)
                for i in 0..<count where missing[i] { bitmap.setNull(i) }
                nulls = bitmap
            }
            return .column(Column(wrap(values), nulls: nulls))
        }
    }

    /// A string function of each dictionary entry, keeping the rows' codes (the new dictionary may repeat strings,
    /// so it is marked not distinct). Looks at Ctrl-C as it goes; a stop leaves the rest empty.
    func mapStrings(_ v: Vector, _ f: (String) -> String) -> Vector {
        switch v {
        case .constant(.string(let s), let t): return .constant(.string(f(s)), t)
        case .constant: return v
        case .column(let c):
            guard case .string(let codes, let dict) = c.values else { return v }
            var bytes: [UInt8] = []
            var offsets = [0]
            offsets.reserveCapacity(dict.count + 1)
            let cancellation = context.cancellation
            for (i, value) in dict.values.enumerated() {
                if cancellation.shouldStop(i) { break }
                bytes.append(contentsOf: f(value).utf8)
                offsets.append(bytes.count)
            }
            while offsets.count < dict.count + 1 { offsets.append(bytes.count) }
            return .column(
                Column(.string(codes, StringDictionary(utf8: bytes, offsets: offsets, distinct: false)), nulls: c.nulls)
            )
        }
    }

    /// Values of any other type as text: each distinct value formatted once (`Scalar.plainText`).
    func textColumn<T: Hashable>(_ values: [T], nulls: NullBitmap?, _ scalar: (T) -> Scalar) -> Column {
        var builder = StringDictionaryBuilder()
        var seen: [T: UInt32] = [:]
        var codes = [UInt32](repeating: 0, count: values.count)
        for (i, v) in values.enumerated() where nulls == nil || !nulls!.isNull(i) {
            if let code = seen[v] {
                codes[i] = code
            } else {
                let code = builder.code(for: scalar(v).plainText)
                seen[v] = code
                codes[i] = code
            }
        }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return Column(.string(codes: codes, builder.build()), nulls: nulls)
    }
}

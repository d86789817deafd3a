import PipeQStorage

/// An evaluated expression over a domain: a column aligned with the domain, or one constant for every row.
enum Vector {
    case column(Column)
    case constant(Scalar, DataType)

    var type: DataType {
        switch self {
        case .column(let c): return c.type
        case .constant(_, let t): return t
        }
    }

    /// A full column of `count` rows (constants broadcast).
    func materialized(count: Int) -> Column {
        switch self {
        case .column(let c): return c
        case .constant(let v, let t): return Vector.broadcast(v, type: t, count: count)
        }
    }

    static func broadcast(_ value: Scalar, type: DataType, count: Int) -> Column {
        if value.isNull {
            var nulls = NullBitmap(count: count)
            for i in 0..<count { nulls.setNull(i) }
            switch type {
            case .int: return Column(.int(Array(repeating: 0, count: count)), nulls: nulls)
            case .double: return Column(.double(Array(repeating: 0, count: count)), nulls: nulls)
            case .bool: return Column(.bool(Array(repeating: false, count: count)), nulls: nulls)
            case .date: return Column(.date(Array(repeating: 0, count: count)), nulls: nulls)
            case .timestamp: return Column(.timestamp(Array(repeating: 0, count: count)), nulls: nulls)
            case .duration: return Column(.duration(Array(repeating: 0, count: count)), nulls: nulls)
            case .string: return Column(.string(.zeros(count), StringDictionary(values: [""])), nulls: nulls)
            }
        }
        switch value {
        case .int(let v): return Column(.int(Array(repeating: v, count: count)))
        case .double(let v): return Column(.double(Array(repeating: v, count: count)))
        case .bool(let v): return Column(.bool(Array(repeating: v, count: count)))
        case .date(let v): return Column(.date(Array(repeating: v, count: count)))
        case .timestamp(let v): return Column(.timestamp(Array(repeating: v, count: count)))
        case .duration(let v): return Column(.duration(Array(repeating: v, count: count)))
        case .string(let s): return Column(.string(.zeros(count), StringDictionary(values: [s])))
        case .null: fatalError("unreachable: null handled above")
        }
    }
}

/// Typed access to a vector's values for kernels: an array plus a mask that is 0 for a broadcast constant
/// (so `values[i & mask]` reads the one constant) and all ones for a column.
struct Operand<T> {
    var values: [T]
    var mask: Int
    var nulls: NullBitmap?

    init(array: [T], nulls: NullBitmap?) {
        self.values = array
        self.mask = -1
        self.nulls = nulls
    }

    init(constant: T) {
        self.values = [constant]
        self.mask = 0
        self.nulls = nil
    }
}

extension NullBitmap {
    /// Rows null in either bitmap.
    static func union(_ a: NullBitmap?, _ b: NullBitmap?, count: Int) -> NullBitmap? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let x?, nil): return x
        case (nil, let y?): return y
        case (var x?, let y?):
            for i in 0..<x.words.count { x.words[i] |= y.words[i] }
            return x
        }
    }
}

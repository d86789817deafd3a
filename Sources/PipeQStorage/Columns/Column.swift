import PipeQCore

/// The typed, contiguous storage of one column.
public enum ColumnValues: Sendable {
    case int([Int64])
    case double([Double])
    case bool([Bool])
    /// Days since 1970-01-01.
    case date([Int32])
    /// Microseconds since 1970-01-01T00:00:00Z.
    case timestamp([Int64])
    /// Microseconds.
    case duration([Int64])
    /// Dictionary codes (in the narrowest width the dictionary needs); each indexes the dictionary's `values`.
    case string(DictionaryCodes, StringDictionary)
}

extension ColumnValues {
    /// A string column from four-byte codes, stored in the narrowest width its dictionary needs.
    public static func string(codes: [UInt32], _ dictionary: StringDictionary) -> ColumnValues {
        .string(DictionaryCodes(codes, dictionaryCount: dictionary.count), dictionary)
    }
}

extension ColumnValues {
    /// A string column's codes and dictionary with one code per distinct string, for work that takes equal
    /// codes for equal strings (grouping, distinct counts, joins, looking a value's code up). A column whose
    /// dictionary is not distinct (see `StringDictionary`) has its codes mapped through the dictionary's
    /// deduplication (built once, then a pass over the codes). Nil for other types.
    public var distinctStrings: (codes: DictionaryCodes, dictionary: StringDictionary)? {
        guard case .string(let codes, let dictionary) = self else { return nil }
        if dictionary.isDistinct { return (codes, dictionary) }
        let deduplication = dictionary.deduplication
        return (
            codes.remapped(deduplication.codeMap, dictionaryCount: deduplication.dictionary.count),
            deduplication.dictionary
        )
    }
}

extension Column {
    /// The column with a distinct dictionary (itself when it already has one); see `ColumnValues.distinctStrings`.
    public var withDistinctStrings: Column {
        guard case .string(_, let dictionary) = values, !dictionary.isDistinct,
            let (codes, distinct) = values.distinctStrings
        else { return self }
        return Column(.string(codes, distinct), nulls: nulls)
    }
}

/// One column: typed values plus an optional null bitmap (absent when the column has no nulls).
/// The value slot of a null row holds 0 / false / code 0 and must not be read as data.
public struct Column: Sendable {
    public var values: ColumnValues
    public var nulls: NullBitmap?

    public init(_ values: ColumnValues, nulls: NullBitmap? = nil) {
        self.values = values
        self.nulls = (nulls?.hasNulls ?? false) ? nulls : nil
    }

    public var type: DataType {
        switch values {
        case .int: return .int
        case .double: return .double
        case .bool: return .bool
        case .date: return .date
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .string: return .string
        }
    }

    public var count: Int {
        switch values {
        case .int(let a), .timestamp(let a), .duration(let a): return a.count
        case .double(let a): return a.count
        case .bool(let a): return a.count
        case .date(let a): return a.count
        case .string(let a, _): return a.count
        }
    }

    @inlinable
    public func isNull(_ row: Int) -> Bool { nulls?.isNull(row) ?? false }

    public var nullCount: Int { nulls?.nullCount ?? 0 }

    /// Bytes held by values and bitmap (the dictionary's strings counted once).
    public var byteSize: Int {
        let bitmap = (nulls?.words.count ?? 0) * 8
        switch values {
        case .int(let a), .timestamp(let a), .duration(let a): return a.count * 8 + bitmap
        case .double(let a): return a.count * 8 + bitmap
        case .bool(let a): return a.count + bitmap
        case .date(let a): return a.count * 4 + bitmap
        case .string(let codes, let dict):
            return codes.count * codes.width + bitmap + dict.byteSize
        }
    }

    /// The value at `row` as a boxed scalar. For rendering and tests only, never in hot loops.
    public func value(at row: Int) -> Scalar {
        if isNull(row) { return .null }
        switch values {
        case .int(let a): return .int(a[row])
        case .double(let a): return .double(a[row])
        case .bool(let a): return .bool(a[row])
        case .date(let a): return .date(a[row])
        case .timestamp(let a): return .timestamp(a[row])
        case .duration(let a): return .duration(a[row])
        case .string(let codes, let dict): return .string(dict.string(Int(codes[row])))
        }
    }

    /// The rows at the given indexes, in order (a materialising gather).
    public func gathered(_ rows: [Int32]) -> Column {
        rows.withUnsafeBufferPointer { idx in
            let nulls = self.nulls?.gathered(idx)
            switch values {
            case .int(let a): return Column(.int(Self.gather(a, idx)), nulls: nulls)
            case .double(let a): return Column(.double(Self.gather(a, idx)), nulls: nulls)
            case .bool(let a): return Column(.bool(Self.gather(a, idx)), nulls: nulls)
            case .date(let a): return Column(.date(Self.gather(a, idx)), nulls: nulls)
            case .timestamp(let a): return Column(.timestamp(Self.gather(a, idx)), nulls: nulls)
            case .duration(let a): return Column(.duration(Self.gather(a, idx)), nulls: nulls)
            case .string(let c, let d): return Column(.string(c.gathered(idx), d), nulls: nulls)
            }
        }
    }

    /// Random reads (a group's first row, a sort's order) are bound by memory latency: on all cores
    /// when there are a million rows or more (8M group keys: ~0.1 s on one).
    @inlinable
    public static func gather<T>(_ source: [T], _ rows: UnsafeBufferPointer<Int32>) -> [T] {
        source.withUnsafeBufferPointer { src in
            [T].uninitialized(capacity: rows.count) { out, n in
                let target = out
                let chunks = Parallel.chunkCount(rows: rows.count)
                Parallel.forEach(chunks) { c in
                    for i in Parallel.range(c, of: chunks, rows: rows.count) {
                        target.initializeElement(at: i, to: src[Int(rows[i])])
                    }
                }
                n = rows.count
            }
        }
    }
}

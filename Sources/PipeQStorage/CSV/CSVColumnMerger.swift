/// Joins the per-chunk builders of one column into the final typed `Column`.
enum CSVColumnMerger {
    /// Brings every chunk's builder of a column to the column's final kind. Afterwards some
    /// builders may need their rows re-read as strings (`pendingStringRows`).
    static func unify(_ parts: inout [CSVColumnBuilder], rowCounts: [Int]) -> InferredKind {
        var kind = parts.reduce(InferredKind.unknown) { $0.joined(with: $1.kind) }
        if kind == .unknown { kind = .string }  // an all-null column is a string column
        for k in parts.indices { parts[k].convert(to: kind, rows: rowCounts[k]) }
        return kind
    }

    /// Concatenates the chunk builders (all already of `kind`, nothing pending) into a column.
    static func merge(_ parts: [CSVColumnBuilder], kind: InferredKind, rowCounts: [Int]) -> Column {
        let total = rowCounts.reduce(0, +)
        let nulls = mergeNulls(parts, rowCounts: rowCounts, total: total)
        switch kind {
        case .int: return Column(.int(concat(parts.map(\.ints))), nulls: nulls)
        case .double: return Column(.double(concat(parts.map(\.doubles))), nulls: nulls)
        case .bool: return Column(.bool(concat(parts.map(\.bools))), nulls: nulls)
        case .date: return Column(.date(concat(parts.map(\.dates))), nulls: nulls)
        case .timestamp: return Column(.timestamp(concat(parts.map(\.ints))), nulls: nulls)
        case .unknown, .string:
            var interner = parts.first?.interner ?? ByteStringInterner()
            var codes = parts.first?.codes ?? []
            codes.reserveCapacity(total)
            for part in parts.dropFirst() {
                let remap = (0..<part.interner.count).map { code in
                    part.interner.withValue(code) { interner.code(for: $0) }
                }
                if remap.isEmpty {
                    codes.append(contentsOf: repeatElement(0, count: part.codes.count))
                } else {
                    remap.withUnsafeBufferPointer { map in
                        for c in part.codes { codes.append(map[Int(c)]) }
                    }
                }
            }
            // Code 0 must be valid even in an all-null column (null rows hold code 0).
            if interner.count == 0 && total > 0 { _ = interner.code(for: UnsafeBufferPointer(start: nil, count: 0)) }
            let dictionary = StringDictionary(utf8: interner.arena, offsets: interner.offsets)
            return Column(.string(codes, dictionary), nulls: nulls)
        }
    }

    private static func concat<T>(_ arrays: [[T]]) -> [T] {
        if arrays.count == 1 { return arrays[0] }
        var out: [T] = []
        out.reserveCapacity(arrays.reduce(0) { $0 + $1.count })
        for a in arrays { out.append(contentsOf: a) }
        return out
    }

    private static func mergeNulls(_ parts: [CSVColumnBuilder], rowCounts: [Int], total: Int) -> NullBitmap? {
        guard parts.contains(where: \.hasNulls) else { return nil }
        var bitmap = NullBitmap(count: total)
        var offset = 0
        for (k, part) in parts.enumerated() {
            defer { offset += rowCounts[k] }
            guard part.hasNulls else { continue }
            let shift = UInt64(offset & 63)
            let first = offset >> 6
            for (i, w) in part.nullWords.enumerated() where w != 0 {
                bitmap.words[first + i] |= w << shift
                if shift > 0 && first + i + 1 < bitmap.words.count {
                    bitmap.words[first + i + 1] |= w >> (64 - shift)
                }
            }
        }
        return bitmap
    }
}

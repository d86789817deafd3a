import PipeQCore

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
    static func merge(_ parts: [CSVColumnBuilder], kind: InferredKind, rowCounts: [Int], threads: Int) -> Column {
        let total = rowCounts.reduce(0, +)
        let nulls = mergeNulls(parts, rowCounts: rowCounts, total: total)
        switch kind {
        case .int: return Column(.int(concat(parts.map(\.ints))), nulls: nulls)
        case .double: return Column(.double(concat(parts.map(\.doubles))), nulls: nulls)
        case .bool: return Column(.bool(concat(parts.map(\.bools))), nulls: nulls)
        case .date: return Column(.date(concat(parts.map(\.dates))), nulls: nulls)
        case .timestamp: return Column(.timestamp(concat(parts.map(\.ints))), nulls: nulls)
        case .unknown, .string:
            return mergeStrings(parts, nulls: nulls, total: total, threads: threads)
        }
    }

    /// Joins chunk dictionaries keeping first-appearance order (so the result does not depend on the
    /// thread count): chunk 0's dictionary is the start; each later chunk's distinct values are looked
    /// up in the earlier chunks' tables (read-only, so split across threads, a batch at a time with
    /// prefetching), and the ones not found are appended in that chunk's order. Then every chunk's
    /// codes are rewritten through its map, chunks in parallel.
    static func mergeStrings(_ parts: [CSVColumnBuilder], nulls: NullBitmap?, total: Int, threads: Int) -> Column {
        guard let first = parts.first else {
            return Column(.string(.u8([]), StringDictionary(utf8: [], offsets: [0])), nulls: nulls)
        }
        var arena = first.interner.arena
        var offsets = first.interner.offsets
        var maps: [ChunkCodes] = [.shifted(0)]  // chunk 0 keeps its codes
        // A chunk that stopped deduplicating: no point looking its values up; the dictionaries are concatenated,
        // so a later chunk's codes move up by the entries before its own.
        let distinct = parts.allSatisfy(\.interner.isDistinct)
        for k in parts.indices.dropFirst() where !distinct {
            let base = UInt32(offsets.count - 1)
            parts[k].interner.withValues { bytes, valueOffsets, _ in
                arena.append(contentsOf: bytes)
                let shift = offsets.last!
                offsets.append(contentsOf: valueOffsets.dropFirst().lazy.map { $0 + shift })
            }
            maps.append(parts[k].interner.count == 0 ? .mapped([]) : .shifted(base))
        }
        for k in parts.indices.dropFirst() where distinct {
            let interner = parts[k].interner
            let count = interner.count
            var map = [UInt32](repeating: .max, count: count)
            let earlier = parts[0..<k].map { $0.interner.lookup() }
            let earlierMaps = Array(maps[0..<k])
            withExtendedLifetime(parts) {
                map.withUnsafeMutableBufferPointer { out in
                    interner.withValues { arena, offsets, hashes in
                        let slices = count >= 1 << 16 ? threads : 1
                        Parallel.forEach(slices, threads: slices) { slice in
                            let range = Parallel.range(slice, of: slices, rows: count)
                            var batch = range.lowerBound
                            while batch < range.upperBound {
                                let end = min(batch + 256, range.upperBound)
                                for code in batch..<end {
                                    for j in 0..<k { earlier[j].prefetchSlot(hash: hashes[code]) }
                                }
                                for code in batch..<end {
                                    let value = UnsafeBufferPointer(rebasing: arena[offsets[code]..<offsets[code + 1]])
                                    for j in 0..<k {
                                        if let found = earlier[j].find(value, hash: hashes[code]) {
                                            out[code] = earlierMaps[j].code(found)
                                            break
                                        }
                                    }
                                }
                                batch = end
                            }
                        }
                    }
                }
            }
            for code in 0..<count where map[code] == .max {
                map[code] = UInt32(offsets.count - 1)
                interner.withValue(code) { arena.append(contentsOf: $0) }
                offsets.append(arena.count)
            }
            maps.append(.mapped(map))
        }
        // Code 0 must be valid even in an all-null column (null rows hold code 0).
        if offsets.count == 1 && total > 0 { offsets.append(0) }
        let dictionaryCount = offsets.count - 1
        let dictionary = StringDictionary(utf8: arena, offsets: offsets, distinct: distinct)
        let width = DictionaryCodes.width(forDictionaryOf: dictionaryCount)
        if parts.count == 1 && parts[0].codes.width == width {
            return Column(.string(parts[0].codes.stored, dictionary), nulls: nulls)  // already final: no copy
        }
        let codes: DictionaryCodes
        switch width {
        case 1: codes = .u8(mergedCodes(parts, maps: maps, total: total, threads: threads))
        case 2: codes = .u16(mergedCodes(parts, maps: maps, total: total, threads: threads))
        default: codes = .u32(mergedCodes(parts, maps: maps, total: total, threads: threads))
        }
        return Column(.string(codes, dictionary), nulls: nulls)
    }

    /// How one chunk's codes become the merged column's.
    private enum ChunkCodes: Sendable {
        /// Every code plus a constant: 0 for chunk 0; the entries before it for a chunk whose dictionary was
        /// appended whole.
        case shifted(UInt32)
        /// Through a table, one entry per chunk code; empty for a chunk with no values (all null rows: code 0).
        case mapped([UInt32])

        func code(_ code: UInt32) -> UInt32 {
            switch self {
            case .shifted(let shift): return code &+ shift
            case .mapped(let table): return table[Int(code)]
            }
        }
    }

    /// Every chunk's codes through its map, back to back, in the column's final code width.
    private static func mergedCodes<Out: DictionaryCode>(
        _ parts: [CSVColumnBuilder], maps: [ChunkCodes], total: Int,
        threads: Int
    ) -> [Out] {
        var starts = [0]
        for part in parts { starts.append(starts.last! + part.codes.count) }
        return [Out].uninitialized(capacity: total) { out, initialized in
            Parallel.forEach(parts.count, threads: threads) { k in
                let target = UnsafeMutableBufferPointer(rebasing: out[starts[k]..<starts[k + 1]])
                switch parts[k].codes.stored {
                case .u8(let codes): copy(codes, maps[k], into: target)
                case .u16(let codes): copy(codes, maps[k], into: target)
                case .u32(let codes): copy(codes, maps[k], into: target)
                }
            }
            initialized = total
        }
    }

    /// `codes`, as `map` says, into `target`.
    private static func copy<In: DictionaryCode, Out: DictionaryCode>(
        _ codes: [In], _ map: ChunkCodes,
        into target: UnsafeMutableBufferPointer<Out>
    ) {
        codes.withUnsafeBufferPointer { codes in
            switch map {
            case .mapped(let table) where table.isEmpty:
                target.initialize(repeating: 0)
            case .mapped(let table):
                table.withUnsafeBufferPointer { table in
                    for i in codes.indices {
                        target.initializeElement(at: i, to: Out(truncatingIfNeeded: table[Int(codes[i])]))
                    }
                }
            case .shifted(let shift):
                for i in codes.indices {
                    target.initializeElement(at: i, to: Out(truncatingIfNeeded: UInt32(codes[i]) &+ shift))
                }
            }
        }
    }

    /// Renumbers a string column's dictionary in order of first appearance among its non-null rows.
    /// Needed for columns that turned into strings part-way (their earlier rows were interned after
    /// the later ones): with it, the dictionary order is the same whatever the thread count.
    static func inFirstAppearanceOrder(_ column: Column) -> Column {
        guard case .string(let codes, let dictionary) = column.values else { return column }
        let (bytes, offsets) = dictionary.utf8Arena()
        var map = [UInt32](repeating: .max, count: dictionary.count)
        var order: [Int] = []
        order.reserveCapacity(dictionary.count)
        for row in 0..<codes.count where !column.isNull(row) {
            let code = Int(codes[row])
            if map[code] == .max {
                map[code] = UInt32(order.count)
                order.append(code)
            }
        }
        for code in map.indices where map[code] == .max {  // only ever held by null rows
            map[code] = UInt32(order.count)
            order.append(code)
        }
        var newBytes: [UInt8] = []
        newBytes.reserveCapacity(bytes.count)
        var newOffsets = [0]
        newOffsets.reserveCapacity(order.count + 1)
        for code in order {
            newBytes.append(contentsOf: bytes[offsets[code]..<offsets[code + 1]])
            newOffsets.append(newBytes.count)
        }
        let renumbered = codes.remapped(map, dictionaryCount: order.count)
        return Column(
            .string(renumbered, StringDictionary(utf8: newBytes, offsets: newOffsets, distinct: dictionary.isDistinct)),
            nulls: column.nulls)
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

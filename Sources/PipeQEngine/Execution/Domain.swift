import PipeQStorage

/// The positions of a relation an operation works on: all of them, or an ascending subset.
enum Domain {
    case all(Int)
    case rows([Int32])

    var count: Int {
        switch self {
        case .all(let n): return n
        case .rows(let r): return r.count
        }
    }

    /// Physical rows of a field for this domain (composing the field's index), or nil when they are 0..<n.
    func physicalRows(_ index: RowIndex?) -> [Int32]? {
        switch (self, index) {
        case (.all, nil): return nil
        case (.all, let index?): return index.rows
        case (.rows(let r), nil): return r
        case (.rows(let r), let index?): return r.withUnsafeBufferPointer { Column.gather(index.rows, $0) }
        }
    }

    /// The domain positions selected by a mask aligned with this domain.
    func positions(where mask: [Bool]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(mask.count / 4)
        mask.withUnsafeBufferPointer { m in
            switch self {
            case .all:
                for i in 0..<m.count where m[i] { out.append(Int32(i)) }
            case .rows(let r):
                r.withUnsafeBufferPointer { rows in
                    for i in 0..<m.count where m[i] { out.append(rows[i]) }
                }
            }
        }
        return out
    }

    /// Offsets within this domain of the given ascending positions (which must belong to it).
    func offsets(of positions: [Int32]) -> [Int] {
        switch self {
        case .all: return positions.map { Int($0) }
        case .rows(let rows):
            var out: [Int] = []
            out.reserveCapacity(positions.count)
            var j = 0
            for p in positions {
                while rows[j] != p { j += 1 }
                out.append(j)
            }
            return out
        }
    }

    var positionsArray: [Int32] {
        switch self {
        case .all(let n): return (0..<Int32(n)).map { $0 }
        case .rows(let r): return r
        }
    }
}

/// One bit per row, set when the row is null. A column with no nulls carries no bitmap at all.
public struct NullBitmap: Sendable, Equatable {
    public var words: [UInt64]
    public let count: Int

    /// A bitmap of `count` rows, none null.
    public init(count: Int) {
        self.count = count
        self.words = [UInt64](repeating: 0, count: (count + 63) >> 6)
    }

    @inlinable
    public func isNull(_ row: Int) -> Bool {
        words.withUnsafeBufferPointer { ($0[row >> 6] >> UInt64(row & 63)) & 1 != 0 }
    }

    @inlinable
    public mutating func setNull(_ row: Int) {
        words[row >> 6] |= 1 << UInt64(row & 63)
    }

    /// Calls `body` with each null row, in order, a 64-row word at a time (rows without nulls cost one
    /// word test per 64).
    @inlinable
    public func forEachNull(_ body: (Int) throws -> Void) rethrows {
        for w in 0..<words.count {
            var bits = words[w]
            while bits != 0 {
                try body((w << 6) + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    public var nullCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var hasNulls: Bool { words.contains { $0 != 0 } }

    /// The bitmap for the given rows, in order; nil when none of them is null.
    public func gathered(_ rows: UnsafeBufferPointer<Int32>) -> NullBitmap? {
        var out = NullBitmap(count: rows.count)
        var any = false
        words.withUnsafeBufferPointer { w in
            for (i, r) in rows.enumerated() where (w[Int(r) >> 6] >> UInt64(Int(r) & 63)) & 1 != 0 {
                out.setNull(i)
                any = true
            }
        }
        return any ? out : nil
    }

    /// Builds a bitmap from a predicate; nil when no row is null.
    public static func from(count: Int, isNull: (Int) -> Bool) -> NullBitmap? {
        var out = NullBitmap(count: count)
        var any = false
        for i in 0..<count where isNull(i) {
            out.setNull(i)
            any = true
        }
        return any ? out : nil
    }
}

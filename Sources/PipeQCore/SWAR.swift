/// Byte-parallel tests on 64-bit words ("SIMD within a register"): eight bytes per operation, for the
/// CSV field scan and the one-byte dictionary-code filters.
public enum SWAR {
    /// `byte` in all eight bytes of a word.
    @inlinable
    public static func repeated(_ byte: UInt8) -> UInt64 {
        0x0101_0101_0101_0101 &* UInt64(byte)
    }

    /// The high bit of each byte of `x` that is zero, and no other bit. Exact for every byte: per byte,
    /// `(b & 0x7F) + 0x7F` carries into the high bit exactly when the low seven bits are not all zero,
    /// and never out of the byte.
    @inlinable
    public static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x) & 0x8080_8080_8080_8080
    }

    /// The eight high bits of `highs` (as `zeroBytes` leaves them) as one byte: bit k for byte k. One
    /// multiply moves each onto its own bit of the top byte (no two partial products meet).
    @inlinable
    public static func packHighBits(_ highs: UInt64) -> UInt64 {
        ((highs >> 7) &* 0x0102_0408_1020_4080) >> 56
    }
}

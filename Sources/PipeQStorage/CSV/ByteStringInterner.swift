#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Assigns dense codes to distinct byte strings without creating a Swift `String` per lookup:
/// an open-addressing hash table over byte slices, with the distinct values stored back to back
/// in one arena. Strings are only made at the end, once per distinct value.
struct ByteStringInterner {
    /// Distinct values, back to back.
    private(set) var arena: [UInt8] = []
    /// Start of value `i` in `arena` is `offsets[i]`, its end `offsets[i + 1]`.
    private(set) var offsets: [Int] = [0]
    /// Per slot: 0 when empty, else `(hash >> 32) << 32 | (code + 1)`.
    private var slots: [UInt64]
    private var hashes: [UInt64] = []
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { offsets.count - 1 }

    /// The bytes of value `code`.
    func withValue<R>(_ code: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { a in
            body(UnsafeBufferPointer(rebasing: a[offsets[code]..<offsets[code + 1]]))
        }
    }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: b.count) &* k
        guard let base = b.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = b.count
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* k
        }
        // murmur3 finaliser
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Byte equality, eight bytes at a time (fields are short; a libc call costs more).
    @inline(__always)
    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// The code of `value`, adding it when new.
    @inline(__always)
    mutating func code(for value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let h = Self.hash(value)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        let n = value.count
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let code = Int(entry & 0xFFFF_FFFF) - 1
                let start = offsets[code]
                if offsets[code + 1] - start == n {
                    let equal = n == 0 || arena.withUnsafeBufferPointer {
                        Self.equal(UnsafeRawPointer($0.baseAddress! + start), UnsafeRawPointer(value.baseAddress!), n)
                    }
                    if equal { return UInt32(code) }
                }
            }
            slot = (slot + 1) & mask
        }
        let code = count
        if n > 0 { arena.append(contentsOf: value) }
        offsets.append(arena.count)
        hashes.append(h)
        slots[slot] = tag | UInt64(code + 1)
        if (code + 1) * 2 > mask { grow() }
        return UInt32(code)
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for (code, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(code + 1)
        }
        slots = fresh
        mask = newMask
    }
}

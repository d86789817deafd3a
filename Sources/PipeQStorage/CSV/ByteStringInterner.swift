import CPlatform
import PipeQCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Assigns dense codes to distinct byte strings without creating a Swift `String` per lookup:
/// an open-addressing hash table over byte slices, with the distinct values stored back to back
/// in one arena. Strings are only made at the end, once per distinct value.
///
/// On big inputs the cost is memory latency, not arithmetic: a high-cardinality column (800K distinct
/// names per 1M deals) misses the cache on the slot and again on the arena bytes it compares. So a
/// slot holds where its value's bytes are (no extra trip through `offsets`), and `codes(for:into:)`
/// looks up a batch in three passes (hash and prefetch every slot; prefetch the bytes of every
/// candidate; then probe), so that a batch's misses overlap instead of queueing.
///
/// A column that is still more than 80 % distinct after `plainAfter` distinct values (deal names) stops being
/// deduplicated: every later value is appended as a new entry (`isDistinct` turns false). Looking up 8M
/// names of 10M rows in a table of 16M slots cost a quarter of the whole load's time, and the table and the
/// hashes 400 MB of fresh memory; the repeats saved are a fifth of the names' bytes (90 MB).
/// `StringDictionary` says what a non-distinct dictionary means for queries.
struct ByteStringInterner {
    /// Distinct values, back to back.
    private(set) var arena: [UInt8] = []
    /// Start of value `i` in `arena` is `offsets[i]`, its end `offsets[i + 1]`.
    private(set) var offsets: [Int] = [0]
    /// Two words per slot: `[2s]` is 0 when empty, else `(hash >> 32) << 32 | (code + 1)`;
    /// `[2s + 1]` is the value's arena start `<< 16 | length` (length 0xFFFF: look in `offsets`).
    private var slots: [UInt64]
    private var hashes: [UInt64] = []
    private var mask: Int
    /// The table grows when it holds more than this many values (half its slots).
    private var growAt: Int
    /// Values looked up so far.
    private var seen = 0
    private let plainAfter: Int
    /// False once values are appended without deduplication.
    private(set) var isDistinct = true
    /// A direct-mapped cache of 256 recently seen short values (length + 1, first word, last word, code; length 0
    /// marks an empty entry), for columns whose dictionary is small. Allocated on first use: 8 KB per column up
    /// front was 0.8 GB per load thread for a 100,000-column file.
    private var recent: [UInt64] = []

    private static let longLength: UInt64 = 0xFFFF

    /// `plainAfter`: see `CSVLoader.Options.plainStringsAfter` (`Int.max`: always deduplicate). `capacity`: at most
    /// how many distinct values are coming, when known: the table is sized for them at once, up to three quarters
    /// full (10M values: 16M slots, where doubling would re-insert 8M values on the way).
    init(plainAfter: Int = Int.max, capacity: Int = 0) {
        self.plainAfter = plainAfter
        var size = 16
        while size / 4 * 3 < capacity { size <<= 1 }
        slots = [UInt64].uninitialized(capacity: 2 * size) { buffer, initialized in
            buffer.initialize(repeating: 0)
            initialized = 2 * size
        }
        mask = size - 1
        growAt = capacity > 0 ? size / 4 * 3 : size / 2
    }

    /// Codes for `count` values, value `i` being `arena[offsets[i]..<offsets[i + 1]]`, looked up a batch at a
    /// time as the CSV loader does (`codes(for:skip:hashScratch:into:)` with a `CSVBatchScratch`).
    /// Nil when `shouldStop` (asked every 64 batches) says so.
    mutating func codes(
        arena: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>, count: Int,
        stopping shouldStop: () -> Bool = { false }
    ) -> [UInt32]? {
        let batch = CSVChunkParser.batchRows
        let scratch = CSVBatchScratch(capacity: batch)  // `skip` stays all false: no value is null
        var stopped = false
        let result = [UInt32].uninitialized(capacity: count) { out, initialized in
            var start = 0
            var batches = 0
            while start < count {
                batches += 1
                if batches & 63 == 0 && shouldStop() {
                    stopped = true
                    out.baseAddress!.advanced(by: start).initialize(repeating: 0, count: count - start)
                    break
                }
                let n = min(batch, count - start)
                for i in 0..<n {
                    let from = offsets[start + i]
                    let to = offsets[start + i + 1]
                    scratch.values[i] = UnsafeBufferPointer(
                        start: arena.baseAddress.map { $0 + from }, count: to - from)
                }
                codes(
                    for: UnsafeBufferPointer(start: scratch.values, count: n), skip: scratch.skip,
                    hashScratch: scratch.hashes,
                    into: out.baseAddress! + start)
                start += n
            }
            initialized = count
        }
        return stopped ? nil : result
    }

    var count: Int { offsets.count - 1 }

    /// The arena, offsets and hashes, for loops over many values.
    func withValues<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<UInt64>) -> R)
        -> R
    {
        arena.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { o in hashes.withUnsafeBufferPointer { h in body(a, o, h) } }
        }
    }

    /// The bytes of value `code`.
    func withValue<R>(_ code: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { a in
            body(UnsafeBufferPointer(rebasing: a[offsets[code]..<offsets[code + 1]]))
        }
    }

    /// Once `seen` rows have been interned and `rows` are expected in all: when most values so far were
    /// distinct, reserves the arena and offsets for as many distinct values as rows (address space only:
    /// pages that are never written cost nothing), so they never grow by copying.
    mutating func reserveForHighCardinality(rows: Int, seen: Int) {
        guard seen > 0, count * 2 > seen, rows > seen else { return }
        let bytesPerValue = max(1, arena.count / max(1, count))
        arena.reserveCapacityInHugePages(rows * bytesPerValue * 9 / 8)
        offsets.reserveCapacityInHugePages(rows + 1)
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
        if i < n { h = (h ^ pipeq_load_tail(raw + i, n - i)) &* k }
        // murmur3 finaliser
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Byte equality, eight bytes at a time (fields are short; a libc call costs more).
    /// The last 1–7 bytes are compared as one masked word (`pipeq_load_tail`).
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        return i == n || pipeq_load_tail(a + i, n - i) == pipeq_load_tail(b + i, n - i)
    }

    /// The first and last eight bytes of a value of `n` ≤ 16 bytes (zero-padded when shorter; they overlap
    /// when it is 9–15 bytes long), which with `n` determine it.
    @inline(__always)
    static func words(_ p: UnsafeRawPointer, _ n: Int) -> (UInt64, UInt64) {
        if n == 0 { return (0, 0) }
        if n <= 8 { return (pipeq_load_tail(p, n), 0) }
        return (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }

    /// The code of `value`, adding it when new.
    @inline(__always)
    mutating func code(for value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        code(for: value, hash: Self.hash(value))
    }

    /// The code of `value` whose hash is `h`, adding it when new.
    @inline(__always)
    mutating func code(for value: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> UInt32 {
        seen &+= 1
        if !isDistinct { return appended(value) }
        let (found, slot) = probe(value, hash: h)
        if let found { return found }
        let n = value.count
        let code = count
        let start = arena.count
        if n > 0 { arena.append(contentsOf: value) }
        offsets.append(arena.count)
        hashes.append(h)
        (slots[2 * slot], slots[2 * slot + 1]) = Self.slotWords(hash: h, code: code, start: start, length: n)
        if code + 1 > growAt { grow() }
        return UInt32(code)
    }

    /// `value` as a new entry, without looking it up (once the interner stopped deduplicating).
    @inline(__always)
    private mutating func appended(_ value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        if !value.isEmpty { arena.append(contentsOf: value) }
        offsets.append(arena.count)
        return UInt32(truncatingIfNeeded: offsets.count - 2)
    }

    /// A slot's two words for value `code` (hash `h`) stored at `start` in the arena (see `slots`).
    @inline(__always)
    private static func slotWords(hash h: UInt64, code: Int, start: Int, length: Int) -> (UInt64, UInt64) {
        ((h & 0xFFFF_FFFF_0000_0000) | UInt64(code + 1), UInt64(start) << 16 | UInt64(min(length, Int(longLength))))
    }

    /// Linear probing from `h`'s slot: the value's code, or nil and the empty slot where it would go.
    @inline(__always)
    private func probe(_ value: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (code: UInt32?, slot: Int) {
        slots.withUnsafeBufferPointer { table in
            arena.withUnsafeBufferPointer { bytes in
                offsets.withUnsafeBufferPointer { offsets in
                    Lookup(
                        slots: table.baseAddress!, mask: mask, arena: bytes.baseAddress, offsets: offsets.baseAddress!
                    )
                    .probe(value, hash: h)
                }
            }
        }
    }

    /// A read-only view for lookups from many threads at once (merging chunks) without retaining the
    /// arrays per lookup. Valid while this interner is alive and unchanged (`withExtendedLifetime`).
    func lookup() -> Lookup {
        Lookup(
            slots: slots.withUnsafeBufferPointer { $0.baseAddress! }, mask: mask,
            arena: arena.withUnsafeBufferPointer { $0.baseAddress },
            offsets: offsets.withUnsafeBufferPointer { $0.baseAddress! })
    }

    struct Lookup: @unchecked Sendable {
        let slots: UnsafePointer<UInt64>
        let mask: Int
        let arena: UnsafePointer<UInt8>?
        let offsets: UnsafePointer<Int>

        /// Starts fetching the first slot a value with hash `h` would be in.
        @inline(__always)
        func prefetchSlot(hash h: UInt64) {
            pipeq_prefetch(slots + 2 &* (Int(truncatingIfNeeded: h) & mask))
        }

        /// The code of `value` (hash `h`) when it is present.
        @inline(__always)
        func find(_ value: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> UInt32? {
            probe(value, hash: h).code
        }

        @inline(__always)
        func probe(_ value: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (code: UInt32?, slot: Int) {
            let tag = h & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: h) & mask
            let n = value.count
            while true {
                let entry = slots[2 &* slot]
                if entry == 0 { return (nil, slot) }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let code = Int(entry & 0xFFFF_FFFF) &- 1
                    let location = slots[2 &* slot &+ 1]
                    var length = Int(location & ByteStringInterner.longLength)
                    let start = Int(location >> 16)
                    if length == Int(ByteStringInterner.longLength) { length = offsets[code + 1] - start }
                    if length == n
                        && (n == 0
                            || ByteStringInterner.equal(
                                UnsafeRawPointer(arena! + start),
                                UnsafeRawPointer(value.baseAddress!), n))
                    {
                        return (UInt32(truncatingIfNeeded: code), slot)
                    }
                }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Codes for a batch of values, written to `out` (0 where `skip[i]`: null rows). `hashScratch` must hold
    /// `values.count` entries.
    mutating func codes(
        for values: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, skip: UnsafePointer<Bool>,
        hashScratch: UnsafeMutablePointer<UInt64>, into out: UnsafeMutablePointer<UInt32>
    ) {
        let n = values.count
        if !isDistinct {
            for i in 0..<n { out[i] = skip[i] ? 0 : appended(values[i]) }
            seen &+= n
            return
        }
        // A small table (up to 16K slots, 256 KB) stays in cache: prefetching would only add passes.
        if mask < 1 << 14 {
            if recent.isEmpty { recent = [UInt64](repeating: 0, count: 4 * 256) }
            for i in 0..<n {
                if skip[i] {
                    out[i] = 0
                    continue
                }
                let value = values[i]
                guard value.count <= 16, let base = value.baseAddress else {
                    out[i] = code(for: value)
                    continue
                }
                // Up to 16 bytes, (length, first 8 bytes, last 8 bytes) is the value itself: a hit in the recent-value
                // cache needs no hash and no byte compare.
                let (w0, w1) = Self.words(UnsafeRawPointer(base), value.count)
                let key = UInt64(value.count) &+ 1
                let entry =
                    4
                    &* Int(
                        truncatingIfNeeded: ((w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15) ^ key) &* 0xFF51_AFD7_ED55_8CCD) >> 56)
                if recent[entry] == key && recent[entry &+ 1] == w0 && recent[entry &+ 2] == w1 {
                    seen &+= 1  // a lookup like any other, for the distinct ratio `grow()` checks
                    out[i] = UInt32(truncatingIfNeeded: recent[entry &+ 3])
                    continue
                }
                let code = code(for: value)
                recent[entry] = key
                recent[entry &+ 1] = w0
                recent[entry &+ 2] = w1
                recent[entry &+ 3] = UInt64(code)
                out[i] = code
            }
            return
        }
        // Pass 1: hash everything and prefetch each value's first slot.
        slots.withUnsafeBufferPointer { table in
            for i in 0..<n where !skip[i] {
                let h = Self.hash(values[i])
                hashScratch[i] = h
                pipeq_prefetch(table.baseAddress! + 2 &* (Int(truncatingIfNeeded: h) & mask))
            }
        }
        // Pass 2: prefetch the bytes of the value a matching first slot points at.
        slots.withUnsafeBufferPointer { table in
            arena.withUnsafeBufferPointer { bytes in
                guard let arenaBase = bytes.baseAddress else { return }
                for i in 0..<n where !skip[i] {
                    let h = hashScratch[i]
                    let slot = Int(truncatingIfNeeded: h) & mask
                    let entry = table[2 &* slot]
                    if entry != 0 && entry & 0xFFFF_FFFF_0000_0000 == h & 0xFFFF_FFFF_0000_0000 {
                        // Both ends: a value of a few dozen bytes often straddles two cache lines.
                        let location = table[2 &* slot &+ 1]
                        let start = arenaBase + Int(location >> 16)
                        pipeq_prefetch(start)
                        pipeq_prefetch(start + max(0, Int(location & Self.longLength) &- 1))
                    }
                }
            }
        }
        // Pass 3: look up (and add) for real, with the lines on their way or there.
        for i in 0..<n {
            out[i] = skip[i] ? 0 : code(for: values[i], hash: hashScratch[i])
        }
    }

    /// Doubles the table; or, past `plainAfter` distinct values that are still more than 80 % of the values
    /// seen, stops deduplicating (a column of 100K accounts can look mostly distinct after its first 65K values,
    /// hence the floor).
    private mutating func grow() {
        if count >= plainAfter && count * 5 > seen * 4 {
            isDistinct = false
            slots = []
            hashes = []
            growAt = .max
            return
        }
        rehash(size: (mask + 1) * 2)
        growAt = (mask + 1) / 2
    }

    /// Slots in the table (for tests).
    var tableSize: Int { mask + 1 }

    private mutating func rehash(size: Int) {
        var fresh = [UInt64].uninitialized(capacity: 2 * size) { buffer, initialized in
            buffer.initialize(repeating: 0)
            initialized = 2 * size
        }
        let newMask = size - 1
        fresh.withUnsafeMutableBufferPointer { table in
            offsets.withUnsafeBufferPointer { offsets in
                for (code, h) in hashes.enumerated() {
                    var slot = Int(truncatingIfNeeded: h) & newMask
                    while table[2 * slot] != 0 { slot = (slot + 1) & newMask }
                    let start = offsets[code]
                    (table[2 * slot], table[2 * slot + 1]) = Self.slotWords(
                        hash: h, code: code, start: start, length: offsets[code + 1] - start)
                }
            }
        }
        slots = fresh
        mask = newMask
    }
}

import PipeQCore

/// A string column's codes while it loads: one byte wide until its dictionary passes 256 values, then
/// two, then four, converting what is stored once at each step. A column of seven stages fills 10 MB
/// per 10M rows instead of 40 (fresh memory is the dearest part of loading on small VMs), and a chunk
/// that ends at its final width becomes the column without a copy.
struct LoadingCodes {
    private(set) var width = 1
    private(set) var bytes: [UInt8] = []
    private(set) var halves: [UInt16] = []
    private(set) var words: [UInt32] = []
    private var reserved = 0

    var count: Int {
        switch width {
        case 1: return bytes.count
        case 2: return halves.count
        default: return words.count
        }
    }

    /// Room for `rows` codes at the current width (and at any later one, when it widens).
    mutating func reserveCapacity(_ rows: Int) {
        reserved = rows
        switch width {
        case 1: bytes.reserveCapacityInHugePages(rows)
        case 2: halves.reserveCapacityInHugePages(rows)
        default: words.reserveCapacityInHugePages(rows)
        }
    }

    /// `rows` codes of 0, replacing what is stored (a column that just turned into strings).
    mutating func reset(zeros rows: Int) {
        width = 1
        bytes = [UInt8](repeating: 0, count: rows)
        halves = []
        words = []
        if reserved > rows { bytes.reserveCapacityInHugePages(reserved) }
    }

    /// Makes room for codes below `dictionaryCount`.
    @inline(__always)
    mutating func fit(dictionaryCount: Int) {
        let needed = DictionaryCodes.width(forDictionaryOf: dictionaryCount)
        if needed > width { widen(to: needed) }
    }

    private mutating func widen(to target: Int) {
        let capacity = max(reserved, count)
        if target == 2 {
            halves = []
            halves.reserveCapacityInHugePages(capacity)
            halves.append(contentsOf: bytes.lazy.map { UInt16($0) })
            bytes = []
        } else {
            words = []
            words.reserveCapacityInHugePages(capacity)
            if width == 1 {
                words.append(contentsOf: bytes.lazy.map { UInt32($0) })
            } else {
                words.append(contentsOf: halves.lazy.map { UInt32($0) })
            }
            bytes = []
            halves = []
        }
        width = target
    }

    /// Appends one code; the dictionary holds `dictionaryCount` values.
    @inline(__always)
    mutating func append(_ code: UInt32, dictionaryCount: Int) {
        fit(dictionaryCount: dictionaryCount)
        switch width {
        case 1: bytes.append(UInt8(truncatingIfNeeded: code))
        case 2: halves.append(UInt16(truncatingIfNeeded: code))
        default: words.append(code)
        }
    }

    /// Appends a batch of codes; the dictionary holds `dictionaryCount` values.
    mutating func append(_ codes: UnsafeBufferPointer<UInt32>, dictionaryCount: Int) {
        fit(dictionaryCount: dictionaryCount)
        switch width {
        case 1: Self.append(narrowing: codes, to: &bytes)
        case 2: Self.append(narrowing: codes, to: &halves)
        default: words.append(contentsOf: codes)
        }
    }

    /// Narrows a batch in a plain loop, then appends it as one copy (appending a lazy map goes through the
    /// generic sequence path, an iterator step per code).
    @inline(__always)
    private static func append<T: FixedWidthInteger>(narrowing codes: UnsafeBufferPointer<UInt32>, to array: inout [T])
    {
        withUnsafeTemporaryAllocation(of: T.self, capacity: codes.count) { narrow in
            for i in 0..<codes.count { narrow[i] = T(truncatingIfNeeded: codes[i]) }
            array.append(contentsOf: UnsafeBufferPointer(narrow))
        }
    }

    /// Overwrites the code of `row`; the dictionary holds `dictionaryCount` values.
    mutating func set(_ row: Int, _ code: UInt32, dictionaryCount: Int) {
        fit(dictionaryCount: dictionaryCount)
        switch width {
        case 1: bytes[row] = UInt8(truncatingIfNeeded: code)
        case 2: halves[row] = UInt16(truncatingIfNeeded: code)
        default: words[row] = code
        }
    }

    /// The codes as a column's, in their current width (no copy).
    var stored: DictionaryCodes {
        switch width {
        case 1: return .u8(bytes)
        case 2: return .u16(halves)
        default: return .u32(words)
        }
    }
}

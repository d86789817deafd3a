import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The distinct strings of a dictionary-encoded column. Immutable once built, so tables can be shared
/// across threads; codes are indexes into the dictionary.
///
/// A dictionary keeps its strings either as Swift `String`s or, from the CSV loader and snapshots, as one
/// UTF-8 arena with offsets: a column of eight million distinct deal names then costs its bytes, not eight
/// million heap objects, and loads without creating them. Strings are made only when asked for
/// (`values` materialises once; `string(_:)` decodes one), and per-value tests run on the bytes.
/// The value → code index and the sort ranks are likewise built on first use.
///
/// A dictionary is normally distinct: one code per string. The CSV loader stops deduplicating a column that
/// is nearly all distinct (deal names: 8M of 10M), since looking every value up costs more than the repeats
/// it would save; its dictionary then holds one entry per row from that point and `isDistinct` is false.
/// Per-entry work (rendering, string functions, predicates evaluated once per entry, sorting by `ranks`) is
/// right either way. Work that takes equal codes for equal strings (grouping, distinct counts, joins, code
/// lookups) goes through `ColumnValues.distinctStrings`, which deduplicates once, on first use.
public final class StringDictionary: Sendable {
    private enum Storage: Sendable {
        case strings([String])
        case arena(bytes: [UInt8], offsets: [Int])
    }

    private let storage: Storage
    public let count: Int
    /// True when `ranks` follows a domain order (pipeline stages) rather than byte order.
    public let hasCustomOrder: Bool
    private let order: [String]?
    /// The domain order given for sorting (the stage column's pipeline order), nil for byte order.
    public var domainOrder: [String]? { order }
    private let lazyValues = Mutex<[String]?>(nil)
    private let lazyIndex = Mutex<[String: UInt32]?>(nil)
    private let lazyRanks: Mutex<[UInt32]?>
    /// False when the same string may appear under several codes (see the type's comment).
    public let isDistinct: Bool
    private let lazyDeduplication = Mutex<Deduplication?>(nil)

    /// A non-distinct dictionary's distinct strings, and each of its codes' code among them.
    public struct Deduplication: Sendable {
        public let codeMap: [UInt32]
        public let dictionary: StringDictionary
    }

    public init(values: [String], order: [String]? = nil) {
        self.storage = .strings(values)
        self.count = values.count
        self.order = order
        self.hasCustomOrder = order != nil
        self.lazyRanks = Mutex(nil)
        self.isDistinct = true
    }

    /// A dictionary over UTF-8 bytes: value `i` is `bytes[offsets[i]..<offsets[i + 1]]`. `distinct: false`
    /// when a string may appear more than once.
    public init(utf8 bytes: [UInt8], offsets: [Int], distinct: Bool = true) {
        precondition(
            !offsets.isEmpty && offsets.first == 0 && offsets.last == bytes.count, "offsets must span the bytes")
        self.storage = .arena(bytes: bytes, offsets: offsets)
        self.count = offsets.count - 1
        self.order = nil
        self.hasCustomOrder = false
        self.lazyRanks = Mutex(nil)
        self.isDistinct = distinct
    }

    /// For a non-distinct dictionary, its distinct strings (in first-appearance order) and the map from its
    /// codes to theirs, built on first use (hashing every entry once) and kept.
    public var deduplication: Deduplication { deduplication(stopping: { false })! }

    /// `deduplication`, giving up (nil, nothing kept) as soon as `shouldStop` says so; it is asked every 16,384
    /// entries, so a query cancelled while ten million strings are hashed stops within milliseconds.
    public func deduplication(stopping shouldStop: () -> Bool) -> Deduplication? {
        lazyDeduplication.withLock { cached in
            if let cached { return cached }
            let (bytes, offsets) = utf8Arena()
            var interner = ByteStringInterner(capacity: count)
            let codeMap = bytes.withUnsafeBufferPointer { b in
                offsets.withUnsafeBufferPointer { o in
                    interner.codes(arena: b, offsets: o, count: count, stopping: shouldStop)
                }
            }
            guard let codeMap else { return nil }
            let made = Deduplication(
                codeMap: codeMap, dictionary: StringDictionary(utf8: interner.arena, offsets: interner.offsets))
            cached = made
            return made
        }
    }

    /// Bytes held by the strings and their offsets.
    public var byteSize: Int {
        switch storage {
        case .strings(let values): return values.reduce(0) { $0 + $1.utf8.count + 16 }
        case .arena(let bytes, let offsets): return bytes.count + offsets.count * MemoryLayout<Int>.stride
        }
    }

    /// A dictionary whose byte-order ranks the caller already computed.
    public init(values: [String], byteOrderRanks ranks: [UInt32]) {
        precondition(ranks.count == values.count, "one rank per value")
        self.storage = .strings(values)
        self.count = values.count
        self.order = nil
        self.hasCustomOrder = false
        self.lazyRanks = Mutex(ranks)
        self.isDistinct = true
    }

    /// Every value as a `String`, in code order (made once, on first use, for arena dictionaries).
    public var values: [String] {
        if case .strings(let values) = storage { return values }
        return lazyValues.withLock { cached in
            if let cached { return cached }
            let made = (0..<count).map { string($0) }
            cached = made
            return made
        }
    }

    /// One value, decoded on its own (for rendering and per-row paths; never materialises the rest).
    public func string(_ code: Int) -> String {
        switch storage {
        case .strings(let values): return values[code]
        case .arena(let bytes, let offsets):
            return bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[offsets[code]..<offsets[code + 1]]), as: UTF8.self)
            }
        }
    }

    /// `f` applied to every value's UTF-8 bytes, in code order, without making Strings.
    public func mapBytes<T>(_ f: (UnsafeBufferPointer<UInt8>) -> T) -> [T] {
        switch storage {
        case .strings(let values):
            return values.map { value in
                var value = value
                return value.withUTF8 { f($0) }
            }
        case .arena(let bytes, let offsets):
            return bytes.withUnsafeBufferPointer { b in
                (0..<count).map { f(UnsafeBufferPointer(rebasing: b[offsets[$0]..<offsets[$0 + 1]])) }
            }
        }
    }

    /// The arena form (bytes and offsets), making it from Strings when needed (snapshots write this).
    public func utf8Arena() -> (bytes: [UInt8], offsets: [Int]) {
        if case .arena(let bytes, let offsets) = storage { return (bytes, offsets) }
        var bytes: [UInt8] = []
        var offsets = [0]
        for value in values {
            bytes.append(contentsOf: value.utf8)
            offsets.append(bytes.count)
        }
        return (bytes, offsets)
    }

    /// The code of `value` (in a non-distinct dictionary, its first code: callers that need every row holding
    /// `value` use `ColumnValues.distinctStrings`).
    public func code(of value: String) -> UInt32? {
        lazyIndex.withLock { index in
            if index == nil {
                var built = [String: UInt32](minimumCapacity: count)
                for (i, v) in values.enumerated() where built[v] == nil { built[v] = UInt32(i) }
                index = built
            }
            return index![value]
        }
    }

    /// Sort rank of each code: byte order, unless a domain order was given (the stage column sorts in
    /// pipeline order: known values first in that order, then the rest in byte order). Equal strings have
    /// equal ranks, so in a distinct dictionary the ranks are a permutation of `0..<count`.
    public var ranks: [UInt32] {
        lazyRanks.withLock { ranks in
            if let ranks { return ranks }
            let built = computeRanks()
            ranks = built
            return built
        }
    }

    private func computeRanks() -> [UInt32] {
        if !isDistinct {
            // Sorting the distinct strings once is cheaper than sorting every entry, and gives equal strings
            // equal ranks.
            let deduplication = self.deduplication
            return DictionaryCodes.lookup(deduplication.codeMap, deduplication.dictionary.ranks)
        }
        var ranks = [UInt32](repeating: 0, count: count)
        let sorted: [Int]
        if let order {
            let values = self.values
            let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            sorted = values.indices.sorted { a, b in
                let pa = position[values[a]]
                let pb = position[values[b]]
                switch (pa, pb) {
                case (let x?, let y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return values[a].utf8.lexicographicallyPrecedes(values[b].utf8)
                }
            }
        } else {
            sorted = byteOrder()
        }
        for (rank, code) in sorted.enumerated() { ranks[code] = UInt32(rank) }
        return ranks
    }

    /// Codes in byte order: sorts on an 8-byte big-endian prefix and compares the rest only on ties,
    /// which is several times faster than comparing Strings.
    private func byteOrder() -> [Int] {
        let prefixes: [UInt64] = mapBytes { b in
            var prefix: UInt64 = 0
            for k in 0..<8 { prefix = prefix << 8 | (k < b.count ? UInt64(b[k]) : 0) }
            return prefix
        }
        let (bytes, offsets) = utf8Arena()
        return bytes.withUnsafeBufferPointer { b in
            (0..<count).sorted { x, y in
                if prefixes[x] != prefixes[y] { return prefixes[x] < prefixes[y] }
                // Byte order past the prefix: memcmp over the shorter length, then the shorter first.
                let xn = offsets[x + 1] - offsets[x]
                let yn = offsets[y + 1] - offsets[y]
                let common = min(xn, yn)
                if common > 8, let base = b.baseAddress {
                    let order = memcmp(base + offsets[x] + 8, base + offsets[y] + 8, common - 8)
                    if order != 0 { return order < 0 }
                }
                return xn < yn
            }
        }
    }

    /// The same strings with a domain order for sorting (a distinct dictionary: the stage column's).
    public func withOrder(_ order: [String]) -> StringDictionary {
        precondition(isDistinct, "a domain order is given to distinct dictionaries only")
        return StringDictionary(values: values, order: order)
    }
}

/// Builds a dictionary while codes are assigned (used by string functions and tests).
public struct StringDictionaryBuilder {
    public private(set) var values: [String] = []
    private var index: [String: UInt32] = [:]

    public init() {}

    public mutating func code(for value: String) -> UInt32 {
        if let code = index[value] { return code }
        let code = UInt32(values.count)
        values.append(value)
        index[value] = code
        return code
    }

    public func build(order: [String]? = nil) -> StringDictionary {
        StringDictionary(values: values, order: order)
    }
}

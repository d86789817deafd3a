import Synchronization

/// The distinct strings of a dictionary-encoded column. Immutable once built, so tables can be
/// shared across threads; codes are indexes into `values`.
///
/// The value → code index and the sort ranks are built on first use: most columns are only ever
/// scanned by code, and a high-cardinality column (deal names) would otherwise pay for both at load.
public final class StringDictionary: Sendable {
    public let values: [String]
    /// True when `ranks` follows a domain order (pipeline stages) rather than the alphabet.
    public let hasCustomOrder: Bool
    private let order: [String]?
    private let lazyIndex = Mutex<[String: UInt32]?>(nil)
    private let lazyRanks: Mutex<[UInt32]?>

    public init(values: [String], order: [String]? = nil) {
        self.values = values
        self.order = order
        self.hasCustomOrder = order != nil
        self.lazyRanks = Mutex(nil)
    }

    /// A dictionary whose byte-order ranks the caller already computed (the CSV loader sorts raw bytes).
    public init(values: [String], byteOrderRanks ranks: [UInt32]) {
        precondition(ranks.count == values.count, "one rank per value")
        self.values = values
        self.order = nil
        self.hasCustomOrder = false
        self.lazyRanks = Mutex(ranks)
    }

    public var count: Int { values.count }

    public func code(of value: String) -> UInt32? {
        lazyIndex.withLock { index in
            if index == nil {
                var built = [String: UInt32](minimumCapacity: values.count)
                for (i, v) in values.enumerated() where built[v] == nil { built[v] = UInt32(i) }
                index = built
            }
            return index![value]
        }
    }

    /// Sort rank of each code: byte order, unless a domain order was given (the stage column sorts in
    /// pipeline order: known values first in that order, then the rest alphabetically).
    public var ranks: [UInt32] {
        lazyRanks.withLock { ranks in
            if let ranks { return ranks }
            let built = Self.computeRanks(values, order: order)
            ranks = built
            return built
        }
    }

    private static func computeRanks(_ values: [String], order: [String]?) -> [UInt32] {
        var ranks = [UInt32](repeating: 0, count: values.count)
        let sorted: [Int]
        if let order {
            let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            sorted = values.indices.sorted { a, b in
                let pa = position[values[a]], pb = position[values[b]]
                switch (pa, pb) {
                case let (x?, y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return values[a].utf8.lexicographicallyPrecedes(values[b].utf8)
                }
            }
        } else {
            sorted = byteOrder(values)
        }
        for (rank, code) in sorted.enumerated() { ranks[code] = UInt32(rank) }
        return ranks
    }

    /// Codes in byte order (what `String.utf8` comparison gives): sorts on an 8-byte big-endian prefix
    /// and compares the rest only on ties, which is several times faster than comparing Strings.
    private static func byteOrder(_ values: [String]) -> [Int] {
        let keys: [(prefix: UInt64, code: Int)] = values.enumerated().map { i, v in
            var prefix: UInt64 = 0
            var k = 0
            for byte in v.utf8 {
                if k == 8 { break }
                prefix = prefix << 8 | UInt64(byte)
                k += 1
            }
            prefix <<= UInt64(8 * (8 - k))
            return (prefix, i)
        }
        return keys.sorted { x, y in
            if x.prefix != y.prefix { return x.prefix < y.prefix }
            return values[x.code].utf8.lexicographicallyPrecedes(values[y.code].utf8)
        }.map(\.code)
    }

    /// The same strings with a domain order for sorting.
    public func withOrder(_ order: [String]) -> StringDictionary {
        StringDictionary(values: values, order: order)
    }
}

/// Builds a dictionary while codes are assigned (used by string functions and the generator's tests).
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

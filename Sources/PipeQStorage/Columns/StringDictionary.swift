/// The distinct strings of a dictionary-encoded column. Immutable once built, so tables can be
/// shared across threads; codes are indexes into `values`.
public final class StringDictionary: Sendable {
    public let values: [String]
    private let index: [String: UInt32]
    /// Sort rank of each code: alphabetical (byte order), unless a custom order was given
    /// (the stage column sorts in pipeline order).
    public let ranks: [UInt32]
    /// True when `ranks` follows a domain order (pipeline stages) rather than the alphabet.
    public let hasCustomOrder: Bool

    public init(values: [String], order: [String]? = nil) {
        self.values = values
        var index = [String: UInt32](minimumCapacity: values.count)
        for (i, v) in values.enumerated() { index[v] = UInt32(i) }
        self.index = index
        var ranks = [UInt32](repeating: 0, count: values.count)
        if let order {
            let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            // Known values first in domain order, then the rest alphabetically.
            let sorted = values.indices.sorted { a, b in
                let pa = position[values[a]], pb = position[values[b]]
                switch (pa, pb) {
                case let (x?, y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return values[a].utf8.lexicographicallyPrecedes(values[b].utf8)
                }
            }
            for (rank, code) in sorted.enumerated() { ranks[code] = UInt32(rank) }
            self.hasCustomOrder = true
        } else {
            let sorted = values.indices.sorted { values[$0].utf8.lexicographicallyPrecedes(values[$1].utf8) }
            for (rank, code) in sorted.enumerated() { ranks[code] = UInt32(rank) }
            self.hasCustomOrder = false
        }
        self.ranks = ranks
    }

    /// A dictionary whose alphabetical (byte-order) ranks the caller has already computed, e.g.
    /// the CSV loader, which sorts the raw bytes far faster than comparing `String`s.
    /// `ranks[code]` must be the position of `values[code]` in byte order.
    public init(values: [String], byteOrderRanks ranks: [UInt32]) {
        precondition(ranks.count == values.count, "one rank per value")
        self.values = values
        var index = [String: UInt32](minimumCapacity: values.count)
        for (i, v) in values.enumerated() { index[v] = UInt32(i) }
        self.index = index
        self.ranks = ranks
        self.hasCustomOrder = false
    }

    public var count: Int { values.count }

    public func code(of value: String) -> UInt32? { index[value] }

    /// The same strings with a domain order for sorting.
    public func withOrder(_ order: [String]) -> StringDictionary {
        StringDictionary(values: values, order: order)
    }
}

/// Builds a dictionary while codes are assigned (used by the CSV loader and by string functions).
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

import PipeQLanguage

/// `like`, `ilike` and `icontains` on UTF-8 bytes, without making a String per dictionary entry (a deal-name
/// column has a million distinct entries). Used when the pattern is ASCII; an entry with non-ASCII bytes is decided
/// by `TextPattern` (so `_` is one character and case folding is Unicode's).
struct BytePattern {
    /// Pattern steps: 0–255 a byte (case-folded for `ilike`), `one` (`_`), `any` (`%`).
    private let steps: [UInt16]
    private static let one: UInt16 = 256, any: UInt16 = 257
    private let foldCase: Bool
    /// `%text%` for `like`: a plain byte search.
    private let infix: [UInt8]?
    private let fallback: TextPattern

    /// Nil when the pattern is not ASCII or the test is not a LIKE-style one.
    init?(_ kind: StringMatch, _ pattern: String) {
        guard pattern.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var steps: [UInt16]
        switch kind {
        case .like, .ilike:
            steps = TextPattern.likeParts(pattern).map { part in
                switch part {
                case .any: return Self.any
                case .one: return Self.one
                case .char(let c): return UInt16(c.asciiValue ?? 0)
                }
            }
        case .icontains:
            steps = [Self.any] + pattern.utf8.map { UInt16($0) } + [Self.any]
        default:
            return nil
        }
        foldCase = kind != .like
        if foldCase { steps = steps.map { $0 < 256 ? UInt16(Self.fold(UInt8($0))) : $0 } }
        let inner = steps.dropFirst().dropLast()
        if !foldCase, steps.count >= 2, steps.first == Self.any, steps.last == Self.any, inner.allSatisfy({ $0 < 256 })
        {
            infix = inner.map { UInt8($0) }
        } else {
            infix = nil
        }
        self.steps = steps
        fallback = TextPattern(kind, pattern)
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    func matches(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        if let infix { return infix.isEmpty || infix.withUnsafeBufferPointer { Predicate.find($0, in: s) } }
        for b in s where b >= 0x80 { return fallback.matches(String(decoding: s, as: UTF8.self)) }
        let fold = foldCase
        return steps.withUnsafeBufferPointer { p in
            LikeMatcher.matches(
                count: s.count, steps: p.count, isAny: { p[$0] == Self.any },
                matches: { i, j in p[j] == Self.one || p[j] == UInt16(fold ? Self.fold(s[i]) : s[i]) })
        }
    }
}

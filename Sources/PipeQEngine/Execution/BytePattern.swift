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
        return steps.withUnsafeBufferPointer { p in
            var i = 0
            var j = 0
            var star = -1
            var mark = 0
            let n = s.count
            let m = p.count
            let fold = foldCase
            while i < n {
                let c = UInt16(fold ? Self.fold(s[i]) : s[i])
                if j < m, p[j] == c || p[j] == Self.one {
                    i += 1
                    j += 1
                } else if j < m, p[j] == Self.any {
                    star = j
                    mark = i
                    j += 1
                } else if star >= 0 {
                    j = star + 1
                    mark += 1
                    i = mark
                } else {
                    return false
                }
            }
            while j < m, p[j] == Self.any { j += 1 }
            return j == m
        }
    }
}

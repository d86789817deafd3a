import Foundation
import PipeQLanguage

/// The string tests that are not plain byte comparisons (`icontains`, `like`, `ilike`, `matches`), compiled once
/// per evaluation and run once per dictionary entry.
struct TextPattern {
    private let test: (String) -> Bool

    init(_ kind: StringMatch, _ pattern: String) {
        switch kind {
        case .icontains:
            let needle = pattern.lowercased()
            // Every text holds the empty text (String.contains("") says false).
            test = { needle.isEmpty || $0.lowercased().contains(needle) }
        case .like, .ilike:
            let fold = kind == .ilike
            let parts = Self.likeParts(fold ? pattern.lowercased() : pattern)
            test = { Self.like(Array(fold ? $0.lowercased() : $0), parts) }
        case .matches:
            if let regex = try? NSRegularExpression(pattern: pattern) {
                test = { s in regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }
            } else {
                test = { _ in false }
            }
        case .contains: test = { pattern.isEmpty || $0.contains(pattern) }
        case .startsWith: test = { $0.hasPrefix(pattern) }
        case .endsWith: test = { $0.hasSuffix(pattern) }
        }
    }

    func matches(_ s: String) -> Bool { test(s) }

    /// What is wrong with a regular expression, or nil when NSRegularExpression takes it.
    static func regexProblem(_ pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return nil
        } catch {
            return "\"\(pattern)\" does not compile (check brackets, parentheses and escapes)"
        }
    }

    /// A LIKE pattern's pieces: literal characters, `_` (any one) and `%` (any run). `\` escapes the next character.
    enum LikePart: Equatable {
        case char(Character)
        case one, any
    }

    static func likeParts(_ pattern: String) -> [LikePart] {
        var parts: [LikePart] = []
        var escaped = false
        for ch in pattern {
            if escaped {
                parts.append(.char(ch))
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "%": if parts.last != .any { parts.append(.any) }
            case "_": parts.append(.one)
            default: parts.append(.char(ch))
            }
        }
        if escaped { parts.append(.char("\\")) }
        return parts
    }

    /// Whole-string LIKE match (`LikeMatcher` over characters).
    static func like(_ s: [Character], _ p: [LikePart]) -> Bool {
        LikeMatcher.matches(
            count: s.count, steps: p.count, isAny: { p[$0] == .any },
            matches: { i, j in p[j] == .one || p[j] == .char(s[i]) }
        )
    }
}

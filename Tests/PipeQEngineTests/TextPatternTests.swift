import PipeQGenerate
import PipeQLanguage
import Testing

@testable import PipeQEngine

/// `like`/`ilike`/`icontains`/`matches`: the String matcher against hand-worked cases, and the byte matcher
/// (used for ASCII patterns over dictionary bytes) against the String matcher on many strings.
@Suite struct TextPatternTests {
    @Test(arguments: [
        ("%tech%", "Initech tech pilot", true), ("%tech%", "Acme Tech", false), ("a_c", "abc", true),
        ("a_c", "abbc", false),
        ("%", "", true), ("_", "", false), ("a%b%c", "aXbYbZc", true), ("a%b%c", "aXcYb", false),
        ("%a", "banana", true),
        ("50\\%", "50%", true), ("50\\%", "500", false), ("é_", "éa", true), ("_é", "aé", true), ("%%x", "yx", true),
    ])
    func likeMatchesTheWholeString(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(TextPattern(.like, pattern).matches(text) == expected)
    }

    @Test func ilikeAndIcontainsIgnoreCase() {
        #expect(TextPattern(.ilike, "%TECH%").matches("Acme Tech"))
        #expect(TextPattern(.ilike, "é%").matches("Éclair"))
        #expect(TextPattern(.icontains, "GLOBEX").matches("the globex deal"))
        #expect(!TextPattern(.icontains, "x").matches("abc"))
        #expect(TextPattern(.matches, "^A[0-9]+$").matches("A123"))
        #expect(!TextPattern(.matches, "^A[0-9]+$").matches("A12b"))
    }

    @Test func bytesAgreeWithStrings() {
        var random = SplitMix64(seed: 15)
        let alphabet: [String] = ["a", "b", "A", "B", "%", "_", "é", "É", "x"]
        let textAlphabet: [String] = ["a", "b", "A", "B", "é", "É", "x", "%", "_"]
        for _ in 0..<3000 {
            let pattern = (0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)!
            }.joined()
            let text = (0..<Int.random(in: 0...7, using: &random)).map { _ in
                textAlphabet.randomElement(using: &random)!
            }.joined()
            for kind in [StringMatch.like, .ilike, .icontains] {
                guard let bytes = BytePattern(kind, pattern) else { continue }
                var copy = text
                let byByte = copy.withUTF8 { bytes.matches($0) }
                #expect(byByte == TextPattern(kind, pattern).matches(text), "\(kind) \(pattern) \(text)")
            }
        }
    }
}

import Testing

@testable import PipeQStorage

/// Headers over 1,024 bytes are normalised by their start only (a 20 MB one-line file once cost minutes).
@Suite struct LongNameTests {
    /// A cut inside a multi-byte character decodes to U+FFFD (three bytes), so the cut name can still be over the
    /// limit: normalising it again recursed until the stack overflowed (found by fuzz-csv).
    @Test func aCutInsideACharacterEndsAfterOneCut() {
        let name = String(repeating: "a", count: 1_023) + "é" + String(repeating: "b", count: 10)
        let normalised = RoleSynonyms.normalise(name)
        #expect(normalised.hasSuffix("…"))
        #expect(normalised.hasPrefix(String(repeating: "a", count: 1_023)))
        #expect(RoleSynonyms.normalise("Close Date") == "close_date")
    }
}

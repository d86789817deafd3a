import PipeQCore
import Testing

/// The sizes `.limit memory SIZE` reads, and how a limit is shown (the shell's use of them is in
/// PipeQShellTests' MemoryLimitTests).
@Suite struct MemoryLimitSizeTests {
    @Test func sizesRead() {
        #expect(MemoryLimit.parse("4GB") == 4 << 30)
        #expect(MemoryLimit.parse("512 mb") == 512 << 20)
        #expect(MemoryLimit.parse("1.5g") == 3 << 29)
        #expect(MemoryLimit.parse("100%") == MemoryLimit.physicalBytes)
        #expect(MemoryLimit.parse("lots") == nil)
        #expect(MemoryLimit.parse("0") == nil)
        #expect(MemoryLimit.describe(3 << 29) == "1.5 GB")
    }
}

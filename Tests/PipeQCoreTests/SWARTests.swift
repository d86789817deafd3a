import PipeQCore
import Testing

/// The byte-parallel word tests behind the CSV field scan and the one-byte code filters.
struct SWARTests {
    @Test func zeroBytesMarksExactlyTheZeroBytesAndPacksThemInOrder() {
        // Every byte position, next to bytes that trip the inexact forms (0x80, 0x01, 0xFF, 0x7F).
        for position in 0..<8 {
            for filler: UInt8 in [0x01, 0x7F, 0x80, 0xFF] {
                var word: UInt64 = 0
                for k in 0..<8 where k != position { word |= UInt64(filler) << UInt64(8 * k) }
                #expect(SWAR.zeroBytes(word) == 0x80 << UInt64(8 * position), "zero at \(position) among \(filler)")
                #expect(SWAR.packHighBits(SWAR.zeroBytes(word)) == 1 << UInt64(position))
            }
        }
        #expect(SWAR.zeroBytes(0) == 0x8080_8080_8080_8080 && SWAR.packHighBits(SWAR.zeroBytes(0)) == 0xFF)
        #expect(SWAR.zeroBytes(~0) == 0)
        // A byte equal to b becomes zero after xor with b repeated.
        let word: UInt64 = 0x41_42_41_00_41_43_44_41
        #expect(SWAR.packHighBits(SWAR.zeroBytes(word ^ SWAR.repeated(0x41))) == 0b1010_1001)
    }
}

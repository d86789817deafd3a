import CPlatform
import Foundation
import Testing

@testable import PipeQStorage

/// The snapshot checksum is CRC-32C: the standard value, the same on the hardware and table paths, and no
/// blind spot for the damage the earlier four-lane checksum let through.
@Suite struct SnapshotChecksumTests {
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    static func sum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { checksum($0) } }

    @Test func isTheStandardCRC32C() {
        var stream = Checksum()
        Array("123456789".utf8).withUnsafeBytes { stream.update($0) }
        #expect(stream.finish() == 0xE306_9283)
        #expect(Self.sum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(Self.sum([]) == 0)
    }

    /// The three-stream hardware loop (rounds of 3 × 32 KiB) and its tail agree with one byte at a time,
    /// from any alignment.
    @Test(arguments: [0, 1, 7, 8, 9, 3 * 32_768 - 1, 3 * 32_768, 3 * 32_768 + 13, 7 * 32_768 + 5, (1 << 20) + 3])
    func hardwareAgreesWithTheTable(_ count: Int) {
        let bytes = Self.randomBytes(count + 3, seed: UInt64(count))
        bytes.withUnsafeBytes { raw in
            for skip in 0..<3 {
                let piece = UnsafeRawBufferPointer(rebasing: raw[skip..<(skip + count)])
                let fast = pipeq_crc32c_extend(0xFFFF_FFFF, piece.baseAddress!, piece.count)
                let slow = pipeq_crc32c_portable(0xFFFF_FFFF, piece.baseAddress!, piece.count)
                #expect(fast == slow, "\(count) bytes from offset \(skip)")
            }
        }
    }

    /// The pair the old checksum missed: bit 7 of the bytes at offsets 7 and 39 (the top bit of two words
    /// of one lane: the second flip undid the first).
    @Test func twoTopBitFlipsOneLaneApartAreCaught() {
        let bytes = Self.randomBytes(4_096, seed: 7)
        var damaged = bytes
        damaged[7] ^= 0x80
        damaged[39] ^= 0x80
        #expect(Self.sum(damaged) != Self.sum(bytes))
    }

    /// One, two or three flipped bits anywhere in 300 KiB (across the three-stream rounds and super-block
    /// joins of the parallel check) always change the checksum.
    @Test func randomBitFlipsAreCaught() {
        let bytes = Self.randomBytes(300 * 1_024, seed: 11)
        let clean = Self.sum(bytes)
        var state: UInt64 = 99
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for trial in 0..<400 {
            var damaged = bytes
            var flips: [(Int, Int)] = []
            for _ in 0...(trial % 3) {
                var flip = (next(bytes.count), next(8))
                while flips.contains(where: { $0 == flip }) { flip = (next(bytes.count), next(8)) }
                flips.append(flip)
                damaged[flip.0] ^= UInt8(1 << flip.1)
            }
            #expect(Self.sum(damaged) != clean, "flips \(flips)")
        }
    }
}

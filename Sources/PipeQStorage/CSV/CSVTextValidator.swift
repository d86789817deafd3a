import CPlatform
import PipeQCore

/// Checks that a byte range is UTF-8 text: well-formed sequences (no overlongs, surrogates or
/// code points above U+10FFFF) and no NUL bytes. ASCII runs are checked 64 bytes at a time
/// (`pipeq_plain_ascii_blocks`), then eight.
enum CSVTextValidator {
    /// The first problem in `range`, or nil when the bytes are clean text.
    static func firstProblem(in buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> CSVFailure? {
        guard let base = buffer.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let end = range.upperBound
        var i = range.lowerBound
        while i < end {
            if i + 8 <= end {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if (w & 0x8080_8080_8080_8080) == 0 && SWAR.zeroBytes(w) == 0 {  // ASCII, no NUL
                    // An ASCII run: skip its clean blocks (tried only here, so text that is mostly multi-byte
                    // characters does not pay a block test per character).
                    i += 8
                    i += pipeq_plain_ascii_blocks(base + i, end - i)
                    continue
                }
            }
            let c = base[i]
            if c == 0 { return .nulByte(at: i) }
            if c < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return .invalidUTF8(at: i)
            }
            guard i + length <= end else { return .invalidUTF8(at: i) }
            let second = base[i + 1]
            guard second >= lower && second <= upper else { return .invalidUTF8(at: i) }
            var k = 2
            while k < length {
                guard base[i + k] & 0xC0 == 0x80 else { return .invalidUTF8(at: i) }
                k += 1
            }
            i += length
        }
        return nil
    }
}

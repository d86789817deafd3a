import PipeQCore

/// Turns Windows-1252 or Latin-1 bytes into UTF-8, for files that are not UTF-8 (see `CSVLoader`).
///
/// ASCII bytes are copied; 0xA0–0xFF are U+00A0–U+00FF in both encodings; 0x80–0x9F are the Windows-1252
/// punctuation and letters (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ) or, in Latin-1, the C1
/// control characters. The five bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) are an error.
enum SingleByteTranscoder {
    struct Transcoded {
        var bytes: [UInt8]
        /// The first byte that began a well-formed multi-byte UTF-8 sequence, if any: a file holding both
        /// such sequences and invalid UTF-8 mixes encodings, and reading it as Windows-1252 would garble the former.
        var firstUTF8Sequence: Int?
    }

    /// Code points of 0x80…0x9F in Windows-1252; 0 where the byte is undefined.
    static let windows1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// The UTF-8 form of `buffer` read as `encoding` (`.windows1252` or `.latin1`), or the offset of a byte
    /// Windows-1252 does not define.
    static func transcode(_ buffer: UnsafeBufferPointer<UInt8>, as encoding: TextEncoding) -> Result<
        Transcoded, UndefinedByte
    > {
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count + buffer.count / 16 + 16)
        var firstUTF8: Int?
        let table = windows1252High
        for i in 0..<buffer.count {
            let c = buffer[i]
            if c < 0x80 {
                out.append(c)
                continue
            }
            if firstUTF8 == nil && startsUTF8Sequence(buffer, at: i) { firstUTF8 = i }
            var scalar = UInt32(c)
            if c < 0xA0 && encoding != .latin1 {
                scalar = UInt32(table[Int(c - 0x80)])
                guard scalar != 0 else { return .failure(UndefinedByte(offset: i)) }
            }
            appendUTF8(scalar, to: &out)
        }
        return .success(Transcoded(bytes: out, firstUTF8Sequence: firstUTF8))
    }

    struct UndefinedByte: Error {
        var offset: Int
    }

    /// True when a well-formed two-to-four-byte UTF-8 sequence starts at `i`.
    static func startsUTF8Sequence(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let c = b[i]
        let length: Int
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return false
        }
        guard i + length <= b.count else { return false }
        return (1..<length).allSatisfy { b[i + $0] & 0xC0 == 0x80 }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        if scalar < 0x80 {
            out.append(UInt8(scalar))
        } else if scalar < 0x800 {
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// 1-based line and column of a byte offset in single-byte text (each byte one character).
    static func position(of offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, buffer.count) where buffer[i] == CSVReader.lf {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}

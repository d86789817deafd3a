/// Decodes the text of a workbook's XML into UTF-8 bytes.
///
/// Two layers: XML's own (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#NN;` and `&#xHH;`, and line
/// ends: CR LF and a lone CR read as LF, as every XML parser does), then the Office escape `_xHHHH_`,
/// by which a workbook writes characters XML cannot hold (`_x000D_` is a CR, `_x0009_` a tab, and
/// `_x005F_` an underscore, so a literal `_x0041_` is stored as `_x005F_x0041_`). An unknown entity is
/// kept as written.
enum XMLText {
    /// Appends the XML-decoded `raw` to `out` (entities and line ends only).
    static func appendDecoded(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = raw.count
        var i = 0
        var runStart = 0
        while i < n {
            let c = raw[i]
            if c != 0x26 && c != 0x0D {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<i]))
            if c == 0x0D {
                out.append(0x0A)
                i += (i + 1 < n && raw[i + 1] == 0x0A) ? 2 : 1
            } else if let (scalar, length) = entity(raw, at: i) {
                appendUTF8(scalar, to: &out)
                i += length
            } else {
                out.append(c)
                i += 1
            }
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<n]))
    }

    /// Appends CDATA text: raw, but with line ends normalised.
    static func appendCDATA(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c == 0x0D {
                out.append(0x0A)
                if i + 1 < raw.count && raw[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(c)
            }
            i += 1
        }
    }

    /// The entity or character reference at `i` (which holds `&`): its scalar and length, or nil.
    private static func entity(_ raw: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        var j = i + 1
        while j < raw.count && j - i <= 10 && raw[j] != 0x3B { j += 1 }
        guard j < raw.count, raw[j] == 0x3B else { return nil }
        let body = UnsafeBufferPointer(rebasing: raw[(i + 1)..<j])
        let length = j - i + 1
        if body.first == 0x23 {
            var value: UInt32 = 0
            let hex = body.count > 1 && (body[1] == 0x78 || body[1] == 0x58)
            let digits = body.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty else { return nil }
            for d in digits {
                guard let v = digitValue(d, hex: hex) else { return nil }
                value = value &* (hex ? 16 : 10) &+ v
                if value > 0x10FFFF { return nil }
            }
            guard Unicode.Scalar(value) != nil else { return nil }
            return (value, length)
        }
        for (name, scalar) in named where body.elementsEqual(name) { return (scalar, length) }
        return nil
    }

    private static let named: [([UInt8], UInt32)] = [
        (Array("lt".utf8), 0x3C), (Array("gt".utf8), 0x3E), (Array("amp".utf8), 0x26),
        (Array("quot".utf8), 0x22), (Array("apos".utf8), 0x27),
    ]

    @inline(__always)
    private static func digitValue(_ d: UInt8, hex: Bool) -> UInt32? {
        switch d {
        case 0x30...0x39: return UInt32(d - 0x30)
        case 0x61...0x66 where hex: return UInt32(d - 0x61 + 10)
        case 0x41...0x46 where hex: return UInt32(d - 0x41 + 10)
        default: return nil
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case ..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Replaces every `_xHHHH_` in `bytes[from...]` with the character it names, in place. UTF-16
    /// surrogate pairs written as two escapes make one character; a lone surrogate becomes U+FFFD.
    static func unescapeOffice(_ bytes: inout [UInt8], from: Int) {
        guard let first = firstEscape(bytes, from: from) else { return }
        var out = Array(bytes[from..<first])
        var i = first
        let n = bytes.count
        while i < n {
            guard let unit = escapeUnit(bytes, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            i += 7
            if unit >= 0xD800 && unit < 0xDC00, let low = escapeUnit(bytes, at: i), low >= 0xDC00 && low < 0xE000 {
                appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &out)
                i += 7
            } else if unit >= 0xD800 && unit < 0xE000 {
                appendUTF8(0xFFFD, to: &out)
            } else {
                appendUTF8(unit, to: &out)
            }
        }
        bytes.replaceSubrange(from..<n, with: out)
    }

    private static func firstEscape(_ bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + 7 <= bytes.count {
            if bytes[i] == 0x5F && bytes[i + 1] == 0x78 && escapeUnit(bytes, at: i) != nil { return i }
            i += 1
        }
        return nil
    }

    /// The UTF-16 unit of an `_xHHHH_` at `i`, or nil when none starts there.
    private static func escapeUnit(_ bytes: [UInt8], at i: Int) -> UInt32? {
        guard i + 7 <= bytes.count, bytes[i] == 0x5F, bytes[i + 1] == 0x78, bytes[i + 6] == 0x5F else { return nil }
        var value: UInt32 = 0
        for k in (i + 2)..<(i + 6) {
            guard let v = digitValue(bytes[k], hex: true) else { return nil }
            value = value << 4 | v
        }
        return value
    }
}

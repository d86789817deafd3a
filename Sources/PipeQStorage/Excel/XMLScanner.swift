#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pull scanner over the bytes of one XML part of a workbook: start tags, end tags and text, as byte
/// ranges, never copied or decoded (see `XMLText` for that).
///
/// It lexes, it does not validate: end tags are not matched against start tags, namespaces are not
/// resolved (names compare by their local part, after any `prefix:`), and DTDs are skipped, so no
/// entity beyond XML's five and character references is ever expanded. Comments, processing
/// instructions and the XML declaration are skipped; CDATA sections come back as text that needs no
/// entity decoding. The parts of an .xlsx are UTF-8 (a UTF-8 byte-order mark is skipped).
struct XMLScanner {
    enum Token: Equatable {
        /// A start tag: `name`, `attributes` and `selfClosing` describe it.
        case start
        /// An end tag: `name` holds its name.
        case end
        /// Character data between tags: `text` holds it; `textIsCDATA` tells whether it is raw.
        case text
        /// The end of the part.
        case eof
    }

    /// A malformed part; `offset` is where the scanner gave up.
    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private let base: UnsafePointer<UInt8>
    private(set) var position: Int
    /// The current tag's qualified name (start or end tag).
    private(set) var name: Range<Int> = 0..<0
    /// The current start tag's attribute bytes, between its name and `>` or `/>`.
    private(set) var attributes: Range<Int> = 0..<0
    private(set) var selfClosing = false
    /// The current text run.
    private(set) var text: Range<Int> = 0..<0
    private(set) var textIsCDATA = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // An empty buffer has no base address; point at a static byte so `base` is always valid.
        self.base = bytes.baseAddress.map { UnsafePointer($0) } ?? XMLScanner.emptyBase
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.position = bom ? 3 : 0
    }

    nonisolated(unsafe) private static let emptyBase: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":"), equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")

    /// Moves to the next token.
    mutating func next() throws(Failure) -> Token {
        let count = bytes.count
        while position < count {
            if base[position] != Self.lt {
                let start = position
                if let found = memchr(base + position, Int32(Self.lt), count - position) {
                    position = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                } else {
                    position = count
                }
                text = start..<position
                textIsCDATA = false
                return .text
            }
            // At '<'.
            guard position + 1 < count else { throw Failure(offset: position, reason: "a tag is cut off") }
            let next = base[position + 1]
            if next == Self.slash {
                let nameStart = position + 2
                var i = nameStart
                while i < count && !Self.isNameEnd(base[i]) { i += 1 }
                name = nameStart..<i
                guard let close = find(Self.gt, from: i) else {
                    throw Failure(offset: position, reason: "an end tag is not closed")
                }
                position = close + 1
                return .end
            }
            if next == UInt8(ascii: "?") {
                guard let close = find("?>", from: position + 2) else {
                    throw Failure(offset: position, reason: "a processing instruction is not closed")
                }
                position = close + 2
                continue
            }
            if next == UInt8(ascii: "!") {
                if hasPrefix("<!--", at: position) {
                    guard let close = find("-->", from: position + 4) else {
                        throw Failure(offset: position, reason: "a comment is not closed")
                    }
                    position = close + 3
                    continue
                }
                if hasPrefix("<![CDATA[", at: position) {
                    let start = position + 9
                    guard let close = find("]]>", from: start) else {
                        throw Failure(offset: position, reason: "a CDATA section is not closed")
                    }
                    text = start..<close
                    textIsCDATA = true
                    position = close + 3
                    return .text
                }
                try skipDeclaration()
                continue
            }
            // A start tag.
            let nameStart = position + 1
            var i = nameStart
            while i < count && !Self.isNameEnd(base[i]) { i += 1 }
            guard i > nameStart else { throw Failure(offset: position, reason: "a '<' does not start a tag") }
            name = nameStart..<i
            // Find the closing '>' outside attribute quotes.
            var quote: UInt8 = 0
            while i < count {
                let c = base[i]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == Self.quote || c == Self.apostrophe {
                    quote = c
                } else if c == Self.gt {
                    break
                }
                i += 1
            }
            guard i < count else { throw Failure(offset: position, reason: "a start tag is not closed") }
            selfClosing = i > name.upperBound && base[i - 1] == Self.slash
            attributes = name.upperBound..<(selfClosing ? i - 1 : i)
            position = i + 1
            return .start
        }
        return .eof
    }

    /// Skips a `<!DOCTYPE …>` (with an internal subset in brackets) or another `<!…>` declaration.
    private mutating func skipDeclaration() throws(Failure) {
        var depth = 0
        var i = position + 2
        while i < bytes.count {
            let c = base[i]
            if c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "]") {
                depth -= 1
            } else if c == Self.gt && depth <= 0 {
                position = i + 1
                return
            }
            i += 1
        }
        throw Failure(offset: position, reason: "a declaration is not closed")
    }

    @inline(__always)
    static func isNameEnd(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == gt || c == slash
    }

    private func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < bytes.count, let found = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private func find(_ marker: StaticString, from: Int) -> Int? {
        let first = marker.utf8Start[0]
        var i = from
        while let at = find(first, from: i) {
            if hasPrefix(marker, at: at) { return at }
            i = at + 1
        }
        return nil
    }

    private func hasPrefix(_ marker: StaticString, at: Int) -> Bool {
        let n = marker.utf8CodeUnitCount
        guard at + n <= bytes.count else { return false }
        return memcmp(base + at, marker.utf8Start, n) == 0
    }

    // MARK: Names and attributes

    /// True when the current tag's local name (after any `prefix:`) is `local`.
    @inline(__always)
    func nameIs(_ local: StaticString) -> Bool {
        Self.localName(name, in: base) == local
    }

    /// The local part of a qualified name.
    @inline(__always)
    static func localName(_ range: Range<Int>, in base: UnsafePointer<UInt8>) -> LocalName {
        var start = range.lowerBound
        var i = range.upperBound - 1
        while i >= range.lowerBound {
            if base[i] == colon {
                start = i + 1
                break
            }
            i -= 1
        }
        return LocalName(base: base + start, count: range.upperBound - start)
    }

    /// The raw (undecoded) value of the current start tag's attribute whose local name is `local`.
    func attribute(_ local: StaticString) -> Range<Int>? {
        var i = attributes.lowerBound
        let end = attributes.upperBound
        while i < end {
            while i < end && Self.isSpace(base[i]) { i += 1 }
            let nameStart = i
            while i < end && base[i] != Self.equals && !Self.isSpace(base[i]) { i += 1 }
            let nameRange = nameStart..<i
            while i < end && Self.isSpace(base[i]) { i += 1 }
            guard i < end, base[i] == Self.equals else { return nil }
            i += 1
            while i < end && Self.isSpace(base[i]) { i += 1 }
            guard i < end, base[i] == Self.quote || base[i] == Self.apostrophe else { return nil }
            let q = base[i]
            let valueStart = i + 1
            i = valueStart
            while i < end && base[i] != q { i += 1 }
            let valueRange = valueStart..<i
            i += 1
            if Self.localName(nameRange, in: base) == local { return valueRange }
        }
        return nil
    }

    /// The decoded value of an attribute, as a string.
    func attributeString(_ local: StaticString) -> String? {
        guard let range = attribute(local) else { return nil }
        var out: [UInt8] = []
        XMLText.appendDecoded(UnsafeBufferPointer(rebasing: bytes[range]), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a range of the part.
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// Skips past the end of the element whose start tag was just read (nothing when it was self-closing).
    mutating func skipElement() throws(Failure) {
        guard !selfClosing else { return }
        var depth = 1
        while depth > 0 {
            switch try next() {
            case .start: if !selfClosing { depth += 1 }
            case .end: depth -= 1
            case .text: break
            case .eof: return
            }
        }
    }
}

/// A tag or attribute name's local part, compared with a literal without making a `String`.
struct LocalName {
    let base: UnsafePointer<UInt8>
    let count: Int

    @inline(__always)
    static func == (lhs: LocalName, rhs: StaticString) -> Bool {
        lhs.count == rhs.utf8CodeUnitCount && memcmp(lhs.base, rhs.utf8Start, lhs.count) == 0
    }
}

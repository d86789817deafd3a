/// One row of `COPY … TO STDOUT` in text format: fields separated by tabs (a tab in a value is written `\t`), `\N`
/// alone for null, and the backslash escapes PostgreSQL writes (`\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, and the
/// octal `\ddd` and hex `\xhh` it reads).
enum CopyTextRow {
    static func fields(_ row: ArraySlice<UInt8>) -> [String?] {
        row.split(separator: 9, omittingEmptySubsequences: false).map { raw -> String? in
            if raw.count == 2 && raw.first == UInt8(ascii: "\\") && raw.last == UInt8(ascii: "N") { return nil }
            guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
            return String(decoding: unescaped(raw), as: UTF8.self)
        }
    }

    private static func unescaped(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        func digit(_ at: Int, radix: Int) -> Int? {
            guard at < raw.endIndex, let value = Int(String(UnicodeScalar(raw[at])), radix: radix) else { return nil }
            return value
        }
        while i < raw.endIndex {
            let byte = raw[i]
            i += 1
            guard byte == UInt8(ascii: "\\"), i < raw.endIndex else {
                out.append(byte)
                continue
            }
            let code = raw[i]
            i += 1
            switch code {
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "v"): out.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(code - UInt8(ascii: "0"))
                for _ in 0..<2 {
                    guard let d = digit(i, radix: 8) else { break }
                    value = value * 8 + d
                    i += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                guard let first = digit(i, radix: 16) else {
                    out.append(code)
                    break
                }
                var value = first
                i += 1
                if let second = digit(i, radix: 16) {
                    value = value * 16 + second
                    i += 1
                }
                out.append(UInt8(value))
            default: out.append(code)
            }
        }
        return out
    }
}

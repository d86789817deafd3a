#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A numeric cell's stored text (`<v>`) as the text its CSV field holds.
///
/// Workbooks store numbers as text already, in whatever form their writer chose (`5`, `5.0`,
/// `1.0000000000000001E-2`, `0.30000000000000004`). Each becomes the shortest text that reads back as
/// the same double (Swift's `description`), and an integral value loses its `.0` (`5.0` → `5`,
/// `-0` → `0`), so the CSV loader infers integer columns where the sheet holds whole numbers.
enum XLSXNumberText {
    /// Whole numbers below this print as integers; larger ones keep the exponent form (`1e+16`).
    static let integralLimit = 1e15

    /// Appends the canonical text of `raw`; false (appending nothing) when `raw` is not a number.
    static func append(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        if isPlainInteger(raw) {
            out.append(contentsOf: raw)
            return true
        }
        guard let value = parse(raw) else { return false }
        append(value, to: &out)
        return true
    }

    static func append(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded() && abs(value) < integralLimit {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    /// The number `raw` holds, or nil (also for infinities and NaN, which no cell holds).
    static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        var raw = raw[...]
        while raw.first == 0x20 { raw.removeFirst() }
        while raw.last == 0x20 { raw.removeLast() }
        guard !raw.isEmpty, raw.count < 64 else { return nil }
        // strtod on a NUL-terminated copy; it must take every byte (no `12abc`, no hex, no "inf").
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: raw.count + 1) { text -> Double? in
            for (k, c) in raw.enumerated() {
                guard (c &- 0x30) < 10 || c == 0x2E || c == 0x2D || c == 0x2B || c | 0x20 == 0x65 else { return nil }
                text[k] = CChar(bitPattern: c)
            }
            text[raw.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            guard let end, end - text.baseAddress! == raw.count, value.isFinite else { return nil }
            return value
        }
    }

    /// `-`? then 1–15 digits without a leading zero (or `0` itself): already canonical.
    @inline(__always)
    static func isPlainInteger(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if raw.count > 1 && raw[0] == 0x2D { i = 1 }
        let digits = raw.count - i
        guard digits >= 1 && digits <= 15 else { return false }
        if raw[i] == 0x30 { return digits == 1 && i == 0 }
        while i < raw.count {
            guard raw[i] &- 0x30 < 10 else { return false }
            i += 1
        }
        return true
    }
}

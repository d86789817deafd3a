/// Reads one text value as a number the way spreadsheets and CRM exports write them, for one choice of
/// decimal separator:
///
/// - `10%`, `12,5 %` → 0.10, 0.125 (a percentage);
/// - a currency symbol (`$ € £ ¥`) or ISO code (`USD`, `EUR`) before or after, with or without a space:
///   `$1,200.00`, `€ 12,50`, `1.200,00 EUR`, `USD 1,200.00`;
/// - thousands grouped by the other of `.`/`,`, or by spaces (also no-break spaces) or `'`, in groups of
///   three after the first: `12.500,50`, `1 234,5`, `1'234.50`;
/// - a sign before or after the currency, or accounting parentheses: `-$1,200`, `$-1,200`, `(1,200.00)`.
///
/// Like the CSV reader's own numbers, an integer part with a leading zero (`08123`) is a code, not a number.
enum NumberReader {
    struct Value: Equatable {
        var value: Double
        /// No decimal separator, percent or currency: an integer.
        var isInteger: Bool
        var percent: Bool
        /// The currency symbol or code as written (`$`, `€`, `USD`), if any.
        var currency: String?
        /// The value had a decimal or group separator (what a decimal choice changes).
        var hasSeparator: Bool
        /// An integer's exact value (`value` rounds past 2^53).
        var exact: Int64? = nil
    }

    static let space: UInt8 = 0x20
    static let period = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")

    /// `b` read with `decimal` (`.` or `,`) as its decimal separator; nil when it is not a number that way.
    static func read(_ b: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Value? {
        var lo = 0
        var hi = b.count
        trim(b, &lo, &hi)
        guard lo < hi else { return nil }
        var negative = false
        if b[lo] == UInt8(ascii: "("), b[hi - 1] == UInt8(ascii: ")") {
            negative = true
            lo += 1
            hi -= 1
            trim(b, &lo, &hi)
        }
        var i = lo
        var signed = false
        func sign() {
            guard i < hi, !signed, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") else { return }
            if negative && b[i] == UInt8(ascii: "-") { return }  // "(-5)": not a number
            negative = negative || b[i] == UInt8(ascii: "-")
            signed = true
            i += 1
        }
        sign()
        var currency: String?
        if let (name, length) = currencyPrefix(b, i, hi) {
            currency = name
            i += length
            skipSpaces(b, &i, hi)
            sign()
        }
        // The number itself: digits and separators.
        var digits: [UInt8] = []
        var fraction: [UInt8] = []
        var sawDecimal = false
        var groupSeparator: UInt8?
        var groupLength = 0
        var groups = 0
        var intDigits = 0
        var firstDigit: UInt8 = 0
        var hasSeparator = false
        while i < hi {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                if sawDecimal {
                    fraction.append(c)
                } else {
                    if intDigits == 0 { firstDigit = c }
                    digits.append(c)
                    intDigits += 1
                    groupLength += 1
                    guard intDigits <= 19 else { return nil }
                }
                i += 1
                continue
            }
            if sawDecimal { break }
            if c == decimal {
                sawDecimal = true
                hasSeparator = true
                i += 1
                continue
            }
            // A group separator must sit between digits.
            guard let (separator, length) = groupSeparatorAt(b, i, hi, decimal: decimal), intDigits > 0,
                i + length < hi, b[i + length] >= 0x30 && b[i + length] <= 0x39
            else { break }
            if let g = groupSeparator, g != separator { return nil }
            guard groupLength >= 1 && groupLength <= 3 && (groups == 0 || groupLength == 3) else { return nil }
            groupSeparator = separator
            groups += 1
            groupLength = 0
            hasSeparator = true
            i += length
        }
        if groups > 0 { guard groupLength == 3 else { return nil } }
        guard intDigits + fraction.count > 0 else { return nil }
        if intDigits > 1 && firstDigit == UInt8(ascii: "0") { return nil }
        if sawDecimal && fraction.isEmpty { return nil }
        // After the number: a percent sign or a currency.
        var percent = false
        var j = i
        skipSpaces(b, &j, hi)
        if j < hi && b[j] == UInt8(ascii: "%") {
            guard currency == nil else { return nil }
            percent = true
            i = j + 1
        } else if currency == nil, j < hi, let (name, length) = currencySuffix(b, j, hi) {
            currency = name
            i = j + length
        }
        guard i == hi else { return nil }
        let isInteger = !sawDecimal && !percent && currency == nil
        var exact: Int64?
        if isInteger {
            // Written as an integer: it must fit Int64, else it is an identifier that a double would round.
            var x: Int64 = 0
            for d in digits {
                let (m, o1) = x.multipliedReportingOverflow(by: 10)
                let (a, o2) =
                    negative
                    ? m.subtractingReportingOverflow(Int64(d &- 0x30)) : m.addingReportingOverflow(Int64(d &- 0x30))
                guard !o1 && !o2 else { return nil }
                x = a
            }
            exact = x
        }
        var text = digits.isEmpty ? [UInt8(ascii: "0")] : digits
        if !fraction.isEmpty {
            text.append(period)
            text += fraction
        }
        guard var value = Double(String(decoding: text, as: UTF8.self)) else { return nil }
        if negative { value = -value }
        if percent { value /= 100 }
        return Value(
            value: value, isInteger: isInteger, percent: percent, currency: currency,
            hasSeparator: hasSeparator, exact: exact)
    }

    /// A group separator at `i` when `decimal` is the decimal separator: the other of `.`/`,`, a space,
    /// a no-break space (C2 A0), a narrow no-break space (E2 80 AF) or an apostrophe; with its byte length.
    /// All spaces are reported as 0x20.
    private static func groupSeparatorAt(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int, decimal: UInt8) -> (
        UInt8, Int
    )? {
        let c = b[i]
        if (c == period || c == comma) && c != decimal { return (c, 1) }
        if c == space || c == UInt8(ascii: "'") { return (c, 1) }
        if c == 0xC2 && i + 1 < hi && b[i + 1] == 0xA0 { return (space, 2) }
        if c == 0xE2 && i + 2 < hi && b[i + 1] == 0x80 && b[i + 2] == 0xAF { return (space, 3) }
        return nil
    }

    private static func currencyPrefix(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int) -> (String, Int)? {
        if let symbol = symbol(b, i, hi) { return symbol }
        // An ISO 4217 code: three capital letters, then a space or the number.
        guard i + 3 < hi, (0..<3).allSatisfy({ b[i + $0] >= 0x41 && b[i + $0] <= 0x5A }) else { return nil }
        let next = b[i + 3]
        guard next == space || next == 0xC2 || (next >= 0x30 && next <= 0x39) || next == UInt8(ascii: "-") else {
            return nil
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + 3)]), as: UTF8.self), 3)
    }

    private static func currencySuffix(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int) -> (String, Int)? {
        if let symbol = symbol(b, i, hi), i + symbol.1 == hi { return symbol }
        guard hi - i == 3, (0..<3).allSatisfy({ b[i + $0] >= 0x41 && b[i + $0] <= 0x5A }) else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: b[i..<hi]), as: UTF8.self), 3)
    }

    /// `$` (24), `£` (C2 A3), `¥` (C2 A5), `€` (E2 82 AC).
    private static func symbol(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int) -> (String, Int)? {
        guard i < hi else { return nil }
        switch b[i] {
        case 0x24: return ("$", 1)
        case 0xC2 where i + 1 < hi && b[i + 1] == 0xA3: return ("£", 2)
        case 0xC2 where i + 1 < hi && b[i + 1] == 0xA5: return ("¥", 2)
        case 0xE2 where i + 2 < hi && b[i + 1] == 0x82 && b[i + 2] == 0xAC: return ("€", 3)
        default: return nil
        }
    }

    /// Moves `lo` and `hi` past spaces, tabs and no-break spaces at either end.
    static func trim(_ b: UnsafeBufferPointer<UInt8>, _ lo: inout Int, _ hi: inout Int) {
        while lo < hi {
            if b[lo] == space || b[lo] == 0x09 {
                lo += 1
            } else if b[lo] == 0xC2 && lo + 1 < hi && b[lo + 1] == 0xA0 {
                lo += 2
            } else {
                break
            }
        }
        while hi > lo {
            if b[hi - 1] == space || b[hi - 1] == 0x09 {
                hi -= 1
            } else if hi - 2 >= lo && b[hi - 2] == 0xC2 && b[hi - 1] == 0xA0 {
                hi -= 2
            } else {
                break
            }
        }
    }

    static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ hi: Int) {
        while i < hi {
            if b[i] == space {
                i += 1
            } else if b[i] == 0xC2 && i + 1 < hi && b[i + 1] == 0xA0 {
                i += 2
            } else if b[i] == 0xE2 && i + 2 < hi && b[i + 1] == 0x80 && b[i + 2] == 0xAF {
                i += 3
            } else {
                break
            }
        }
    }

    /// True when the value is empty or only spaces (a null in a number or date column).
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var lo = 0
        var hi = b.count
        trim(b, &lo, &hi)
        return lo >= hi
    }
}

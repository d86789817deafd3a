import CPlatform

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses one field's bytes as a typed value; nil when the bytes are not exactly that type.
///
/// - Integers: optional sign and digits, no leading zeros (`08123` is a code, not a number; `0` is
///   fine), must fit `Int64`.
/// - Numbers: integers plus a fraction and/or exponent (`12.5`, `-0.25`, `1e3`, `.5`), or money:
///   an optional `$`, `€` or `£` and `,` thousands separators in groups of three
///   (`$12,500.00`, `-$1,250`, `1,250`). No `inf`/`nan`, no surrounding spaces. A value written as an
///   integer (no point, no exponent) beyond `Int64` is not a number: it is an identifier that a double
///   would round (`9300000000000000001` and `…002` would be equal), so its column stays text.
/// - Booleans: `true`/`false`/`yes`/`no` in any letter case.
///
/// In a file that may write decimal commas (`;`-delimited, or `--decimal ,`), `double(_:separators: false)`
/// takes no `,`, nor a `.` that could group thousands (one to three digits, not starting with 0, then exactly
/// three): `1,250` and `1.250` then stay text for `ColumnRetyper`, which decides from the whole column which
/// is the decimal separator, while `12.5` and `1234.567` still read here.
enum CSVValueParser {
    @inline(__always)
    static func int(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        let s = b[0]
        if s == 0x2D || s == 0x2B {
            negative = s == 0x2D
            i = 1
            guard n > 1 else { return nil }
        }
        if b[i] == 0x30 { return n - i == 1 ? 0 : nil }
        var value: UInt64 = 0
        if n - i <= 18 {
            while i < n {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                value = value &* 10 &+ UInt64(d)
                i += 1
            }
            return negative ? -Int64(value) : Int64(value)
        }
        while i < n {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1 && !o2 else { return nil }
            value = a
            i += 1
        }
        if negative {
            guard value <= UInt64(Int64.max) + 1 else { return nil }
            return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
        }
        guard value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// A decimal number or money amount (see the type's documentation); `separators: false` refuses `,` and
    /// a `.` that could group thousands.
    @inline(__always)
    static func double(_ b: UnsafeBufferPointer<UInt8>, separators: Bool = true) -> Double? {
        let n = b.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        var money = false
        @inline(__always) func sign() {
            if i < n && (b[i] == 0x2D || b[i] == 0x2B) {
                negative = b[i] == 0x2D
                i += 1
            }
        }
        sign()
        // Currency symbol: $ (24), £ (C2 A3), € (E2 82 AC).
        if i < n {
            let c = b[i]
            if c == 0x24 {
                money = true
                i += 1
            } else if c == 0xC2 && i + 1 < n && b[i + 1] == 0xA3 {
                money = true
                i += 2
            } else if c == 0xE2 && i + 2 < n && b[i + 1] == 0x82 && b[i + 2] == 0xAC {
                money = true
                i += 3
            }
            if money && !negative { sign() }
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        // Integer part, with optional thousands groups.
        let intStart = i
        var groupLength = 0
        var grouped = false
        while i < n {
            let c = b[i]
            let d = c &- 0x30
            if d < 10 {
                // More than 19 integer digits: an identifier, not a quantity.
                guard digits < 19 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                groupLength += 1
                i += 1
            } else if separators && c == 0x2C {
                // A comma needs 1-3 digits before the first one and exactly 3 between later ones.
                guard groupLength >= 1 && groupLength <= 3 && (!grouped || groupLength == 3) else { return nil }
                grouped = true
                groupLength = 0
                i += 1
            } else {
                break
            }
        }
        let intDigits = i - intStart
        if grouped { guard groupLength == 3 else { return nil } }
        if intDigits > 1 && b[intStart] == 0x30 { return nil }  // leading zero: a code, not a number
        var fracDigits = 0
        if i < n && b[i] == 0x2E {
            i += 1
            while i < n {
                let d = b[i] &- 0x30
                guard d < 10 else { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    digits += 1
                } else {
                    return slow(b)
                }
                exponent -= 1
                fracDigits += 1
                i += 1
            }
        }
        guard intDigits + fracDigits > 0 else { return nil }
        // 1.250
        if !separators && fracDigits == 3 && intDigits >= 1 && intDigits <= 3 && b[intStart] != 0x30 { return nil }
        if i < n && (b[i] | 0x20) == 0x65 {  // e / E
            guard !money && !grouped else { return nil }
            i += 1
            var expNegative = false
            if i < n && (b[i] == 0x2D || b[i] == 0x2B) {
                expNegative = b[i] == 0x2D
                i += 1
            }
            var e = 0
            let expStart = i
            while i < n {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            guard i > expStart else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            // Clinger's fast path: both operands exact, so one correctly rounded operation.
            value = Double(mantissa)
            value =
                exponent < 0
                ? value / pipeq_exact_power_of_ten(Int32(-exponent))
                : value * pipeq_exact_power_of_ten(Int32(exponent))
        } else {
            // Only mantissas past 2^53 get here, so the check (written as an integer: no point, no exponent) costs
            // the plain path nothing.
            if mantissa > UInt64(Int64.max) + (negative ? 1 : 0),
                !b.contains(where: { $0 == 0x2E || $0 | 0x20 == 0x65 })
            {
                return nil
            }
            return slow(b)
        }
        return negative ? -value : value
    }

    /// Exact conversion through `strtod` for long mantissas or large exponents, after dropping
    /// currency symbols and separators (the shape was already checked by `double`).
    private static func slow(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: b.count + 1) { out -> Double? in
            var k = 0
            var i = 0
            while i < b.count {
                let c = b[i]
                if c == 0x24 || c == 0x2C {
                    i += 1
                    continue
                }
                if c == 0xC2 {
                    i += 2
                    continue
                }
                if c == 0xE2 {
                    i += 3
                    continue
                }
                out[k] = CChar(bitPattern: c)
                k += 1
                i += 1
            }
            out[k] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(out.baseAddress!, &endPointer)
            guard let endPointer, endPointer - out.baseAddress! == k, value.isFinite else { return nil }
            return value
        }
    }

    /// `true`/`false`/`yes`/`no`, any letter case.
    @inline(__always)
    static func bool(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        @inline(__always) func lower(_ i: Int) -> UInt8 { b[i] | 0x20 }
        switch b.count {
        case 2: return lower(0) == 0x6E && lower(1) == 0x6F ? false : nil  // no
        case 3: return lower(0) == 0x79 && lower(1) == 0x65 && lower(2) == 0x73 ? true : nil  // yes
        case 4: return lower(0) == 0x74 && lower(1) == 0x72 && lower(2) == 0x75 && lower(3) == 0x65 ? true : nil
        case 5:
            return lower(0) == 0x66 && lower(1) == 0x61 && lower(2) == 0x6C && lower(3) == 0x73 && lower(4) == 0x65
                ? false : nil
        default: return nil
        }
    }
}

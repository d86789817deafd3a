/// RFC 4180 quoting of one field's text, as the CSV an .xlsx sheet becomes is written.
enum XLSXCSVField {
    /// Quotes `bytes[from...]` in place when it holds a comma, a quote, a CR or an LF (doubling quotes).
    static func quoteInPlace(_ bytes: inout [UInt8], from: Int) {
        var needed = false
        var quotes = 0
        for i in from..<bytes.count {
            switch bytes[i] {
            case 0x22:
                needed = true
                quotes += 1
            case 0x2C, 0x0A, 0x0D: needed = true
            default: break
            }
        }
        guard needed else { return }
        var quoted: [UInt8] = [0x22]
        quoted.reserveCapacity(bytes.count - from + quotes + 2)
        for i in from..<bytes.count {
            let c = bytes[i]
            quoted.append(c)
            if c == 0x22 { quoted.append(0x22) }
        }
        quoted.append(0x22)
        bytes.replaceSubrange(from..<bytes.count, with: quoted)
    }

    /// Appends `text` as one field.
    static func append(_ text: String, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: text.utf8)
        quoteInPlace(&out, from: start)
    }
}

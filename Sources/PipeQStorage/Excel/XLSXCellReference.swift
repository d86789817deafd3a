/// A1-style cell references: `A` is column 0, `Z` 25, `AA` 26, `XFD` (Excel's last) 16383.
enum XLSXCellReference {
    /// Excel's widest sheet: 16,384 columns.
    static let maxColumns = 16_384

    /// The 0-based column of a reference such as `AA10` (its letters; the row digits are ignored), or
    /// nil when it starts with no letter or names a column past `XFD`.
    static func column(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var letters = 0
        for c in reference {
            let upper = c & 0xDF
            guard upper >= 0x41 && upper <= 0x5A else { break }
            value = value * 26 + Int(upper - 0x41) + 1
            letters += 1
            if letters > 3 { return nil }
        }
        guard letters > 0, value <= maxColumns else { return nil }
        return value - 1
    }

    static func column(_ reference: String) -> Int? {
        var reference = reference
        return reference.withUTF8 { column($0) }
    }

    /// The letters of a 0-based column (`0` → `A`, `26` → `AA`).
    static func letters(_ column: Int) -> String {
        var n = column + 1
        var scalars: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            scalars.insert(Character(Unicode.Scalar(UInt8(0x41 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(scalars)
    }

    /// `B2` for column 1 of row 2.
    static func name(column: Int, row: Int) -> String { letters(column) + String(row) }
}

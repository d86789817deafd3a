import PipeQCore

/// A column's values as text with one code per distinct string, for adapters that must read a mixed
/// column (a change log's `new_value`) field by field. Null and empty cells get `TextCodes.none`.
///
/// A string column keeps its dictionary (a table lookup over its codes, no per-row strings); other types
/// are rendered once per row, which only small or unusual columns take.
struct TextCodes {
    static let none = UInt32.max

    /// Per row: an index into `strings`, or `none`.
    let codes: [UInt32]
    let strings: [String]

    init(_ column: Column) {
        if let (codes, dictionary) = column.values.distinctStrings {
            let strings = dictionary.values
            var mapped = codes.lookup(strings.map { $0.isEmpty ? Self.none : 0 })
            // Codes pass through unchanged; only empty strings and nulls become `none`.
            for i in 0..<mapped.count { mapped[i] = mapped[i] == Self.none ? Self.none : codes[i] }
            if let nulls = column.nulls { for i in 0..<mapped.count where nulls.isNull(i) { mapped[i] = Self.none } }
            self.codes = mapped
            self.strings = strings
            return
        }
        var builder = StringDictionaryBuilder()
        codes = (0..<column.count).map { row in
            guard let text = Self.render(column.value(at: row)), !text.isEmpty else { return Self.none }
            return builder.code(for: text)
        }
        strings = builder.values
    }

    /// The text of `row`, nil when null or empty.
    func text(_ row: Int) -> String? {
        let code = codes[row]
        return code == Self.none ? nil : strings[Int(code)]
    }

    /// A non-string value as the text a CSV would have held.
    static func render(_ value: Scalar) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        case .int(let x): return String(x)
        case .double(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilTime.formatDate(Int(d))
        case .timestamp(let t): return CivilTime.formatTimestamp(t)
        case .duration(let d): return String(d)
        }
    }

    /// Every cell of a (small) column as text: lookup tables, not data.
    static func cells(_ column: Column) -> [String?] {
        (0..<column.count).map { render(column.value(at: $0)).flatMap { $0.isEmpty ? nil : $0 } }
    }
}

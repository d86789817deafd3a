/// Column values that must change meaning once a role is known: probabilities written as percentages
/// (Salesforce's "Probability (%)" holds 0–100), and a status told by Salesforce's IsWon/IsClosed flags.
enum RoleValueFixes {
    /// A probability column whose values run past 1 (and stay within 100) holds percentages: divided by 100.
    static func probabilityFractions(_ field: Field, table: String) -> (Field, String)? {
        let values: [Double]
        switch field.column.values {
        case .int(let ints): values = ints.map(Double.init)
        case .double(let doubles): values = doubles
        default: return nil
        }
        var largest = -Double.infinity
        var smallest = Double.infinity
        for (row, v) in values.enumerated() where !field.column.isNull(row) {
            largest = max(largest, v)
            smallest = min(smallest, v)
        }
        guard largest > 1, largest <= 100, smallest >= 0 else { return nil }
        var out = field
        out.column = Column(.double(values.map { $0 / 100 }), nulls: field.column.nulls)
        let note = "\(table).\(field.name): probabilities written as percentages (0–100), read as fractions (÷ 100)"
        return (out, note)
    }

    /// The positions of boolean IsWon and IsClosed columns, if both exist.
    static func statusFlags(in fields: [Field]) -> (won: Int, closed: Int)? {
        func flag(_ name: String) -> Int? {
            fields.firstIndex {
                RoleSynonyms.normalise($0.name).replacingOccurrences(of: "_", with: "") == name && $0.type == .bool
            }
        }
        guard let won = flag("iswon"), let closed = flag("isclosed") else { return nil }
        return (won, closed)
    }

    /// `open`/`won`/`lost` from boolean IsWon and IsClosed columns (Salesforce's Opportunity), if both exist.
    static func statusFromFlags(_ fields: [Field]) -> Column? {
        guard let (w, c) = statusFlags(in: fields) else { return nil }
        let (won, closed) = (fields[w], fields[c])
        guard case .bool(let isWon) = won.column.values, case .bool(let isClosed) = closed.column.values
        else { return nil }
        let dictionary = StringDictionary(values: ["open", "won", "lost"], order: ["open", "won", "lost"])
        var codes = [UInt32](repeating: 0, count: isWon.count)
        var nulls = NullBitmap(count: isWon.count)
        for row in 0..<isWon.count {
            if won.column.isNull(row) || closed.column.isNull(row) {
                nulls.setNull(row)
                continue
            }
            codes[row] = isWon[row] ? 1 : (isClosed[row] ? 2 : 0)
        }
        return Column(
            .string(DictionaryCodes(codes, dictionaryCount: 3), dictionary), nulls: nulls.hasNulls ? nulls : nil)
    }
}
